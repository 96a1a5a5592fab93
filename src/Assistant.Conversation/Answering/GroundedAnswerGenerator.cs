using System.Text;
using Assistant.Conversation.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.SemanticKernel;

namespace Assistant.Conversation.Answering;

/// <summary>
/// Asks the configured chat model for a short answer built only from the retrieved sources (prompt
/// prompts/AnswerWithCitations), then checks every citation. Returns null, and the caller falls back to the
/// extractive answer, when no model is configured, the endpoint fails or times out, or the check fails.
/// </summary>
public sealed class GroundedAnswerGenerator(Kernel kernel, KernelFunction? answerFunction, LlmOptions options, ILogger<GroundedAnswerGenerator> logger)
{
    public bool Enabled => answerFunction is not null && options.Enabled;

    public async Task<string?> TryAnswerAsync(string question, IReadOnlyList<SourceCitation> sources, CancellationToken ct)
    {
        if (!Enabled || sources.Count == 0) return null;
        var numbered = new StringBuilder();
        for (int i = 0; i < sources.Count; i++)
            numbered.Append('[').Append(i + 1).Append("] ").Append(sources[i].Citation).Append(": ").AppendLine(sources[i].Excerpt);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.TimeoutSeconds));
        string answer;
        try
        {
            var result = await kernel.InvokeAsync(answerFunction!, new KernelArguments { ["question"] = question, ["sources"] = numbered.ToString() }, timeout.Token);
            answer = result.GetValue<string>()?.Trim() ?? "";
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning("Generated answer unavailable ({Error}); using the extractive answer", e.GetType().Name);
            ConversationTelemetry.CountError("llm", e.GetType().Name);
            return null;
        }
        var check = CitationChecker.Check(answer, sources.Count);
        if (!check.Ok)
        {
            // The kind of failure only: the rejected sentence may echo what the citizen typed.
            logger.LogWarning("Generated answer rejected by the citation check: {Reason} ({Length} characters)", check.Reason.Split(':')[0], answer.Length);
            ConversationTelemetry.CountError("llm", "citation_check");
            return null;
        }
        return answer;
    }
}
