namespace Assistant.Triage.Protection;

/// <summary>Section "DataProtection": where the key ring that encrypts stored dossiers lives.</summary>
public sealed class DossierProtectionOptions
{
    public const string Section = "DataProtection";

    /// <summary>
    /// Folder of the key ring (XML files), kept apart from the databases and backed up apart from them: without it the
    /// stored dossiers cannot be read. Relative paths are from the working directory.
    /// </summary>
    public string KeysPath { get; set; } = "keys";
}
