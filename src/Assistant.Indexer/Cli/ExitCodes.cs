namespace Assistant.Indexer.Cli;

/// <summary>Exit codes, documented in README.md. Scripts tell "fix your input" from "call an operator" by them.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>The check ran and found a problem (audit verify: the trail was tampered with; teams-package: the package breaks a rule).</summary>
    public const int CheckFailed = 1;
    /// <summary>Bad arguments or bad input named by the user (unknown option, missing file, malformed eval line).</summary>
    public const int UserError = 2;
    /// <summary>The run finished but some files failed; the others were indexed and committed.</summary>
    public const int Partial = 3;
    /// <summary>The program or its environment failed (store locked or corrupt, I/O error, bug).</summary>
    public const int SystemError = 4;
}

/// <summary>An error in what the user asked for; its message is shown as is.</summary>
public sealed class UserErrorException(string message) : Exception(message);
