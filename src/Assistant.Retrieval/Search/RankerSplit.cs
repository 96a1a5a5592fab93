using System.Security.Cryptography;
using System.Text;
using Assistant.Vietnamese;

namespace Assistant.Retrieval.Search;

/// <summary>
/// The fixed split of the development questions: a hash of the question, not a random draw, so `train-ranker` and
/// `eval --split` agree on every machine and a question never moves between train and hold-out.
/// </summary>
public static class RankerSplit
{
    public const string Train = "train", Holdout = "holdout";

    /// <summary>About one question in four is held out from training.</summary>
    public static bool IsHoldout(string question) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(VietnameseText.Nfc(question).Trim()))[0] < 64;
}
