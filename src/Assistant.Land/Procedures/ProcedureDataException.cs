namespace Assistant.Land.Procedures;

/// <summary>The procedure data under data/procedures is missing or malformed. The message is Vietnamese and names the file.</summary>
public sealed class ProcedureDataException : Exception
{
    public ProcedureDataException(string message) : base(message) { }
    public ProcedureDataException(string message, Exception inner) : base(message, inner) { }
}
