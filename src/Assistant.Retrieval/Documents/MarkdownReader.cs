using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Markdig.Extensions.Tables;

namespace Assistant.Retrieval.Documents;

/// <summary>
/// Reads Markdown through Markdig's syntax tree: headings, paragraphs, list items (ordered items keep
/// their number, which is the clause number of a legal text), pipe tables and raw HTML blocks
/// (several source documents wrap their headers in &lt;center&gt; or &lt;div&gt;).
/// </summary>
public sealed partial class MarkdownDocumentReader : IDocumentReader
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().UseGridTables().Build();

    public IReadOnlyCollection<string> Extensions { get; } = [".md", ".markdown"];

    public async Task<ExtractedDocument> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var text = await TextFileReader.ReadTextAsync(path, cancellationToken);
        return new ExtractedDocument(path, "markdown", Parse(text));
    }

    public static IReadOnlyList<TextBlock> Parse(string markdown)
    {
        var document = Markdown.Parse(markdown, Pipeline);
        var blocks = new List<TextBlock>();
        foreach (var block in document) Visit(block, blocks, listPrefix: null);
        return blocks;
    }

    private static void Visit(Block block, List<TextBlock> output, string? listPrefix)
    {
        switch (block)
        {
            case HeadingBlock heading:
                Add(output, InlineText(heading.Inline), BlockKind.Heading, heading.Level);
                break;
            case ParagraphBlock paragraph:
                Add(output, (listPrefix ?? "") + InlineText(paragraph.Inline), listPrefix is null ? BlockKind.Paragraph : BlockKind.ListItem);
                break;
            case ListBlock list:
                foreach (var child in list)
                {
                    if (child is not ListItemBlock item) continue;
                    var prefix = list.IsOrdered ? $"{item.Order}{(list.OrderedDelimiter == ')' ? ')' : '.')} " : "";
                    bool first = true;
                    foreach (var inner in item)
                    {
                        Visit(inner, output, first ? prefix : "");
                        first = false;
                    }
                }
                break;
            case Table table:
                foreach (var rowBlock in table)
                {
                    if (rowBlock is not TableRow row) continue;
                    var cells = row.OfType<TableCell>()
                        .Select(cell => string.Join(" ", cell.OfType<ParagraphBlock>().Select(p => InlineText(p.Inline))).Trim());
                    Add(output, string.Join(" | ", cells), BlockKind.TableRow);
                }
                break;
            case HtmlBlock html:
                foreach (var line in HtmlText(html.Lines.ToString()).Split('\n'))
                    Add(output, line, BlockKind.Paragraph);
                break;
            case CodeBlock code:
                foreach (var line in code.Lines.ToString().Split('\n'))
                    Add(output, line, BlockKind.Paragraph);
                break;
            case QuoteBlock or ContainerBlock:
                foreach (var inner in (ContainerBlock)block) Visit(inner, output, null);
                break;
        }
    }

    private static void Add(List<TextBlock> output, string text, BlockKind kind, int level = 0)
    {
        text = text.Trim();
        if (text.Length > 0) output.Add(new TextBlock(text, kind, HeadingLevel: level));
    }

    private static string InlineText(ContainerInline? inline)
    {
        if (inline is null) return "";
        var sb = new StringBuilder();
        AppendInline(inline, sb);
        return sb.ToString();
    }

    private static void AppendInline(Inline inline, StringBuilder sb)
    {
        switch (inline)
        {
            case LiteralInline literal: sb.Append(literal.Content.ToString()); break;
            case CodeInline code: sb.Append(code.Content); break;
            case LineBreakInline: sb.Append('\n'); break;
            case HtmlInline html when BreakTag().IsMatch(html.Tag): sb.Append('\n'); break;
            case HtmlEntityInline entity: sb.Append(entity.Transcoded.ToString()); break;
            case AutolinkInline link: sb.Append(link.Url); break;
            case ContainerInline container:
                foreach (var child in container) AppendInline(child, sb);
                break;
        }
    }

    /// <summary>Text of a raw HTML block: &lt;br&gt; and block tags become line breaks, other tags go.</summary>
    private static string HtmlText(string html)
    {
        var text = BreakTag().Replace(html, "\n");
        text = BlockTag().Replace(text, "\n");
        text = AnyTag().Replace(text, "");
        return WebUtility.HtmlDecode(text);
    }

    [GeneratedRegex(@"^<br\s*/?>$|<br\s*/?>", RegexOptions.IgnoreCase)]
    private static partial Regex BreakTag();
    [GeneratedRegex(@"</?(p|div|center|h[1-6]|tr|li|table)\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTag();
    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex AnyTag();
}
