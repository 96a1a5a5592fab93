#:project ../Assistant.Triage.csproj
#:property PublishAot=false
// The triage "train" command as a .NET 10 file-based program (not compiled into Assistant.Triage itself):
//   dotnet run src/Assistant.Triage/Tools/train.cs -- [training.jsonl] [model.zip] [dev.jsonl] [triage.db with overrides] [its key folder, default keys]
// Defaults (from the repository root): data/triage/training.jsonl, data/triage/model/triage-model.zip, eval/dossiers-dev.jsonl.
// Prints 5-fold cross-validation (per-class precision/recall/F1, macro-F1), saves the versioned model, scores the dev set
// against the repository's data/procedures, data/triage (paper vocabulary) and data/admin-units.
using Assistant.Land.AdminUnits;
using Assistant.Land.Procedures;
using Assistant.Triage.Classification;
using Assistant.Triage.Documents;

var training = args.Length > 0 ? args[0] : Path.Combine("data", "triage", "training.jsonl");
var model = args.Length > 1 ? args[1] : Path.Combine("data", "triage", "model", "triage-model.zip");
var dev = args.Length > 2 ? args[2] : Path.Combine("eval", "dossiers-dev.jsonl");
var overrides = args.Length > 3 ? args[3] : null;
var keys = args.Length > 4 ? args[4] : "keys";
try
{
    var data = new TriageDevData(
        ProcedureCatalog.Load(Path.Combine("data", "procedures")),
        DocumentChecker.Load(Path.Combine("data", "triage")),
        AdminUnitRegistry.Load(Path.Combine("data", "admin-units")));
    return TriageTrainer.Run(training, model, dev, data, Console.Out, TimeProvider.System, overrides, keys);
}
catch (Exception ex) when (ex is Assistant.Triage.Protection.DossierKeysUnavailableException or FileNotFoundException or InvalidOperationException or IOException or ProcedureDataException or AdminUnitDataException)
{
    Console.Error.WriteLine("Lỗi: " + ex.Message);
    return 2;
}
