using Assistant.Land.Procedures;

namespace Assistant.Triage.Classification;

/// <summary>
/// Combines the ML.NET probabilities with the rule-based <see cref="ProcedureMatcher"/>: the matcher's scores are
/// sharpened (squared) and normalised to a distribution, then mixed with weight <c>ruleWeight</c>. Weight 0 = ML only,
/// 1 = rules only (falls back to ML when the matcher finds nothing).
/// </summary>
public static class ProcedureBlender
{
    /// <summary>The rule matcher's weight in the blend when configuration does not set Triage:RuleWeight.</summary>
    public const double DefaultRuleWeight = 0.65;

    public static IReadOnlyList<ClassScore> Blend(IReadOnlyList<ClassScore> ml, IReadOnlyList<ProcedureMatch> rules, double ruleWeight)
    {
        var sum = rules.Sum(r => r.Score * r.Score);
        if (sum <= 0 || ruleWeight <= 0) return ml;
        var w = Math.Clamp(ruleWeight, 0, 1);
        var ruleShare = rules.ToDictionary(r => r.Procedure.Code, r => r.Score * r.Score / sum, StringComparer.Ordinal);
        var codes = ml.Select(m => m.ProcedureCode).Union(ruleShare.Keys, StringComparer.Ordinal);
        var mlMap = ml.ToDictionary(m => m.ProcedureCode, m => m.Probability, StringComparer.Ordinal);
        return codes
            .Select(c => new ClassScore(c, (1 - w) * mlMap.GetValueOrDefault(c) + w * ruleShare.GetValueOrDefault(c)))
            .OrderByDescending(c => c.Probability)
            .ToList();
    }

    /// <summary>First registration for organisations (1.012753) vs for households and individuals (1.013978).</summary>
    public const string FirstRegistrationOrganization = "1.012753", FirstRegistrationIndividual = "1.013978";

    /// <summary>
    /// The applicant type decides between the two first-registration procedures (their subjects in the catalogue are
    /// organisations vs households/individuals): the probability of the one that does not fit moves to the one that does.
    /// </summary>
    public static IReadOnlyList<ClassScore> ApplyApplicant(IReadOnlyList<ClassScore> scores, Model.ApplicantType? applicant)
    {
        if (applicant is null) return scores;
        var (from, to) = applicant == Model.ApplicantType.Organization
            ? (FirstRegistrationIndividual, FirstRegistrationOrganization)
            : (FirstRegistrationOrganization, FirstRegistrationIndividual);
        var moved = scores.FirstOrDefault(s => s.ProcedureCode == from)?.Probability ?? 0;
        if (moved <= 0) return scores;
        return scores
            .Select(s => s.ProcedureCode == from ? s with { Probability = 0 } : s.ProcedureCode == to ? s with { Probability = s.Probability + moved } : s)
            .OrderByDescending(s => s.Probability)
            .ToList();
    }
}
