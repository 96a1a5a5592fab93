using System.Text.Json;
using System.Text.Json.Nodes;
using Assistant.Access.PersonalData;
using Assistant.Triage.Model;

namespace Assistant.Triage.Protection;

/// <summary>
/// What of a dossier request is kept at rest (data minimisation, Law 91/2025/QH15): the procedure fields the triage and
/// its retraining use — id, receipt time, channel, applicant type, papers, parcel (old/new unit and address: routing
/// needs them), project code, pauses (due dates) — and the description with the identifiers taken out: ID numbers,
/// phones, e-mail, bank accounts and names become tokens ([CCCD], [tên]…). Classifying the text does not need them; the
/// ID numbers are kept only as keyed hashes in the subject index, so that a person's dossiers can still be found for
/// export or erasure.
/// </summary>
public static class StoredRequest
{
    /// <summary>The request as stored, and the identity numbers its description held (for the subject index).</summary>
    public static (DossierRequest Stored, IReadOnlyList<string> IdNumbers) Minimise(DossierRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ids = PersonalDataScrubber.FindIdNumbers(request.Description);
        return (request with { Description = PersonalDataScrubber.Scrub(request.Description) }, ids);
    }

    /// <summary>The same for a request stored as JSON before minimisation (migration 3 of the triage store).</summary>
    public static (string Json, IReadOnlyList<string> IdNumbers) MinimiseJson(string requestJson)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(requestJson);
        }
        catch (JsonException)
        {
            return (PersonalDataScrubber.Scrub(requestJson), PersonalDataScrubber.FindIdNumbers(requestJson));
        }
        if (node is not JsonObject obj || obj["description"] is not JsonValue value || !value.TryGetValue<string>(out var description))
            return (requestJson, []);
        obj["description"] = PersonalDataScrubber.Scrub(description);
        return (obj.ToJsonString(TriageService.Json), PersonalDataScrubber.FindIdNumbers(description));
    }
}
