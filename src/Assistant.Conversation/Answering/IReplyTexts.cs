using Assistant.Land.AdminUnits;
using Assistant.Land.Procedures;

namespace Assistant.Conversation.Answering;

/// <summary>
/// Every word of the assistant's replies in one language: <see cref="ReplyComposer"/> decides what a reply holds and in
/// which order, this says it. A second locale is a second implementation; today only vi-VN exists
/// (<see cref="VietnameseReplyTexts"/>). Markdown markup is part of a text where its place depends on the language.
/// </summary>
public interface IReplyTexts
{
    /// <summary>The locale these texts are written in, e.g. "vi-VN".</summary>
    string Locale { get; }

    // Every reply.
    string Welcome { get; }
    IReadOnlyList<string> StarterSuggestions { get; }
    string OutOfScope(string oneStopShop);
    string Disclaimer { get; }
    /// <summary>The heading of the numbered citations.</summary>
    string CitationsHeading { get; }

    // A procedure's card.
    /// <summary>The first line: everyday name and code (with the Markdown of the whole line).</summary>
    string ProcedureHeading(LandProcedure procedure);
    /// <summary>The official name under the heading.</summary>
    string ProcedureOfficialName(LandProcedure procedure);
    string PapersHeading { get; }
    string ConditionalPapersHeading { get; }
    /// <summary>The papers of the case the question is about.</summary>
    string PapersOfCase(ProcedureVariant variant);
    /// <summary>The papers of every case, when the question does not say which.</summary>
    string PapersByCase(IReadOnlyList<ProcedureVariant> variants);
    string ProcessingTimeLabel { get; }
    /// <summary>The time limit as a citizen reads it: one number, a range, or the source's lines.</summary>
    string ProcessingTime(LandProcedure procedure);
    /// <summary>The time limit from the procedure's own rows of time-limits.tsv (none: the catalogue's figure).</summary>
    string ProcessingTime(LandProcedure procedure, IReadOnlyList<ProcedureTimeLimit> limits);
    /// <summary>One short line under the time: the basis it rests on is no longer in force, and what is awaited.</summary>
    string ExpiredTimeBasis(TimeLimitBasis basis);
    /// <summary>The card's time fact when its basis is no longer in force.</summary>
    string CardExpiredTime(string time, TimeLimitBasis basis);
    string SubmissionPlaceLabel { get; }
    /// <summary>One place from the catalogue, said for Hanoi; empty when nothing is left of it.</summary>
    string SubmissionPlace(string place);
    /// <summary>Ends the places' line: where to file since the district level was abolished.</summary>
    string SubmissionPlacesNote { get; }
    string FeesLabel { get; }
    string LegalBasisLabel { get; }
    string CardCodeLabel { get; }
    string CardProcessingTimeLabel { get; }
    string CardSubmissionPlaceLabel { get; }
    string CardSubmissionPlace { get; }
    string CardFeesLabel { get; }
    string CardFees { get; }
    string CardSubtitle(LandProcedure procedure);
    IReadOnlyList<string> ProcedureFollowUps { get; }

    // The lead of a first answer (two or three lines), and the card's papers.
    /// <summary>The first line of a first answer: everyday name and code (the card says where to file online).</summary>
    string LeadHeading(LandProcedure procedure);
    /// <summary>The time limit as the lead says it.</summary>
    string LeadTime(string time);
    /// <summary>Where to file, when asked and no commune was named.</summary>
    string LeadPlace { get; }
    /// <summary>The old commune named, its new ward, and where to file there.</summary>
    string LeadUnit(OldUnitCandidate candidate);
    /// <summary>The old commune named was split: the candidate new wards.</summary>
    string LeadSplitUnit(OldUnitCandidate candidate);
    /// <summary>Before the lines of several old communes of that name.</summary>
    string LeadSeveralOldUnits { get; }
    /// <summary>Asks for the address that tells which candidate ward the land is in.</summary>
    string AskAddress { get; }
    /// <summary>Two procedures to do in order: the line before them.</summary>
    string StepsHeading(int count);
    /// <summary>One procedure of the order, with its time.</summary>
    string Step(int number, LandProcedure procedure, string time);
    /// <summary>The heading of the card's list of papers.</summary>
    string CardPapersHeading { get; }
    /// <summary>The card's last bullet when some papers depend on the case: how many, and where they are listed.</summary>
    string CardConditionalPapers(int count);
    /// <summary>The expander (and the follow-up of the same words) that shows the law's excerpts.</summary>
    string SeeBasis { get; }

    // Several procedures to choose from, and procedures under a legal answer.
    string WhichProcedure { get; }
    /// <summary>One candidate of the list (a Markdown list item).</summary>
    /// <summary>One procedure of the list to choose from, with its time as the single-procedure reply says it.</summary>
    string SuggestedProcedure(LandProcedure procedure, string time);

    /// <summary>A note of Hanoi's own rule the question touches (data/conversation/local-rules.tsv).</summary>
    string LocalNote(string note);
    string ChooseProcedure { get; }
    string WhichProcedureCardTitle { get; }
    string RelatedProcedures { get; }
    /// <summary>One procedure a legal answer may lead to.</summary>
    string RelatedProcedure(LandProcedure procedure);
    /// <summary>The suggested action that opens a procedure's card: its everyday name is matched as that procedure.</summary>
    string ProcedureAction(string shortName);

    // A legal answer.
    string LegalIntroduction { get; }
    string LegalCardTitle { get; }
    IReadOnlyList<string> LegalFollowUps { get; }

    // A unit after the 1 July 2025 merger.
    /// <summary>Where to file once the old commune's new ward is known (after a unit answer to "… làm ở đâu").</summary>
    string UnitPlace(NewUnit unit);
    /// <summary>A new unit an old one went into, with how much of it.</summary>
    string NewUnitShare(NewUnitShare share);
    string NewUnitLabel { get; }
    /// <summary>An old unit a new one was made of, with how much of it.</summary>
    string OldUnitShare(OldUnitShare share);
    string MergerNote { get; }
    string MergerCardTitle { get; }
    string MergerCardSubtitle { get; }
    string MergerSource { get; }
    IReadOnlyList<string> MergerFollowUps { get; }
}
