using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Triage.Tests;

/// <summary>The triage endpoint module: typed results per handler, and the wire format they produce.</summary>
public sealed class TriageApiTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(7)); // Monday

    private static HttpRequest Request(string json)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        return context.Request;
    }

    [Fact]
    public async Task Handlers_answer_with_typed_results()
    {
        await using var host = await TriageHost.StartAsync(Now);
        var triage = host.Services.GetRequiredService<TriageService>();

        var created = Assert.IsType<ContentHttpResult>((await TriageApi.SubmitAsync(Request("""{"id":"API-1","description":"xin tách thửa đất chia cho con"}"""), triage)).Result);
        Assert.Equal(StatusCodes.Status201Created, created.StatusCode);
        Assert.Equal("application/json; charset=utf-8", created.ContentType);

        var again = Assert.IsType<ContentHttpResult>((await TriageApi.SubmitAsync(Request("""{"id":"API-1","description":"xin tách thửa đất chia cho con"}"""), triage)).Result);
        Assert.Equal(StatusCodes.Status200OK, again.StatusCode);
        Assert.Equal(created.ResponseContent, again.ResponseContent);

        var invalid = Assert.IsType<JsonHttpResult<TriageErrors>>((await TriageApi.SubmitAsync(Request("{}"), triage)).Result);
        Assert.Equal(StatusCodes.Status400BadRequest, invalid.StatusCode);
        Assert.NotEmpty(invalid.Value!.Errors);

        var stored = Assert.IsType<ContentHttpResult>(TriageApi.Get("API-1", triage).Result);
        Assert.Equal(created.ResponseContent, stored.ResponseContent);
        var missing = Assert.IsType<JsonHttpResult<TriageErrors>>(TriageApi.Get("KHONG-CO", triage).Result);
        Assert.Equal(StatusCodes.Status404NotFound, missing.StatusCode);

        Assert.Equal(["API-1"], TriageApi.Queue(triage).Value!.Items.Select(i => i.Id).ToArray());

        var recorded = Assert.IsType<JsonHttpResult<OverrideRecorded>>((await TriageApi.OverrideAsync("API-1", Request("""{"unitCode":"00025","officer":"Nguyễn Thị Hà"}"""), triage)).Result);
        Assert.Equal(new OverrideRecorded("API-1", "đã ghi nhận điều chỉnh"), recorded.Value);
    }

    [Fact]
    public async Task Errors_and_acknowledgements_keep_their_wire_format()
    {
        await using var host = await TriageHost.StartAsync(Now);
        using var missing = await host.Client.GetAsync("api/triage/KHONG-CO");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/json; charset=utf-8", missing.Content.Headers.ContentType?.ToString());
        Assert.Equal("{\"errors\":[\"Không tìm thấy hồ sơ mã KHONG-CO.\"]}", await missing.Content.ReadAsStringAsync());

        using var empty = await host.Client.GetAsync("api/queue");
        Assert.Equal("{\"items\":[]}", await empty.Content.ReadAsStringAsync());

        using var created = await host.Client.PostAsync("api/triage", new StringContent("""{"id":"API-2","description":"xin cấp lại sổ đỏ bị mất"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Null(created.Headers.Location);
        using var recorded = await host.Client.PostAsync("api/triage/API-2/override", new StringContent("""{"unitCode":"00025","officer":"Nguyễn Thị Hà"}""", Encoding.UTF8, "application/json"));
        Assert.Equal("{\"id\":\"API-2\",\"status\":\"đã ghi nhận điều chỉnh\"}", await recorded.Content.ReadAsStringAsync());
    }
}
