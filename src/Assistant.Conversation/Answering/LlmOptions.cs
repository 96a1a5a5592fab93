namespace Assistant.Conversation.Answering;

/// <summary>
/// Optional generated answers through any OpenAI-compatible chat endpoint (section "Llm"). Off when Endpoint is empty:
/// the default answer mode is extractive. The key comes only from the LLM_API_KEY environment variable.
/// </summary>
public sealed class LlmOptions
{
    public const string Section = "Llm";
    public const string ApiKeyVariable = "LLM_API_KEY";

    /// <summary>Base URL, e.g. http://127.0.0.1:8000/v1. Empty: no LLM.</summary>
    public string? Endpoint { get; set; }
    public string Model { get; set; } = "gpt-4o-mini";
    public int TimeoutSeconds { get; set; } = 20;
    /// <summary>Folder of SK prompt functions; empty: the prompts/ copied beside the program.</summary>
    public string PromptsPath { get; set; } = "";

    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);
}
