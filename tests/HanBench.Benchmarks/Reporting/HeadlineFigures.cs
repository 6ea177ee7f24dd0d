using System.Globalization;
using BenchmarkDotNet.Reports;
using HanBench.Benchmarks.Han;
using HanBench.Benchmarks.Integrity;
using HanBench.Benchmarks.Zcl;
using HanBench.Protocol.Zcl;

namespace HanBench.Benchmarks.Reporting;

/// <summary>One line of the headline table.</summary>
/// <param name="Figure">What was measured.</param>
/// <param name="Value">The figure, with its unit; "not run" when its benchmark was filtered out or failed.</param>
/// <param name="Goal">The goal, or "-" where there is none.</param>
public sealed record HeadlineRow(string Figure, string Value, string Goal);

/// <summary>
/// The three figures issue [A] §4 asks for, read from this run's BenchmarkDotNet summaries (never typed in):
/// bytes allocated per Image Block Response (and Request) encode and decode with reused buffers, deframer
/// throughput, and the portable SHA-256's throughput as a fraction of .NET's.
/// </summary>
public static class HeadlineFigures
{
    private const string NotRun = "not run";

    private static readonly int[] BlockSizes = [64, ImageBlockResponse.MaxDataSize];

    private static readonly int[] HashLengths = [64, 4_096, BenchmarkData.ImageLength];

    /// <summary>Computes the rows from <paramref name="summaries"/>.</summary>
    public static IReadOnlyList<HeadlineRow> Compute(IReadOnlyList<Summary> summaries)
    {
        List<BenchmarkReport> reports = summaries.SelectMany(s => s.Reports).Where(r => r.Success && r.ResultStatistics is not null).ToList();
        var rows = new List<HeadlineRow>();

        foreach (string method in new[] { nameof(ImageBlockResponseBenchmarks.Encode), nameof(ImageBlockResponseBenchmarks.Decode) })
        {
            foreach (int blockSize in BlockSizes)
            {
                BenchmarkReport? report = Find(reports, typeof(ImageBlockResponseBenchmarks), method, nameof(ImageBlockResponseBenchmarks.BlockSize), blockSize);
                rows.Add(Allocation($"Image Block Response {method.ToLowerInvariant()}, {blockSize}-byte block, reused buffers", report));
            }
        }

        foreach (string method in new[] { nameof(ImageBlockRequestBenchmarks.Encode), nameof(ImageBlockRequestBenchmarks.Decode) })
        {
            BenchmarkReport? report = Find(reports, typeof(ImageBlockRequestBenchmarks), method);
            rows.Add(Allocation($"Image Block Request {method.ToLowerInvariant()}, reused buffers", report));
        }

        foreach (int blockSize in BlockSizes)
        {
            BenchmarkReport? report = Find(reports, typeof(StreamDeframerBenchmarks), nameof(StreamDeframerBenchmarks.Feed), nameof(StreamDeframerBenchmarks.BlockSize), blockSize);
            string figure = $"StreamDeframer.Feed, {StreamDeframerBenchmarks.FrameCount:N0} frames with {blockSize}-byte blocks";
            rows.Add(new HeadlineRow(figure, report is null ? NotRun : Format(Throughput(report)) + " MB/s", "-"));
        }

        foreach (int length in HashLengths)
        {
            BenchmarkReport? portable = Find(reports, typeof(Sha256Benchmarks), nameof(Sha256Benchmarks.Portable), nameof(Sha256Benchmarks.Length), length);
            BenchmarkReport? dotNet = Find(reports, typeof(Sha256Benchmarks), nameof(Sha256Benchmarks.DotNet), nameof(Sha256Benchmarks.Length), length);
            string figure = $"SHA-256 throughput portable / .NET, {length:N0} B";
            string value = NotRun;
            if (portable is not null && dotNet is not null)
            {
                double portableRate = Throughput(portable);
                double dotNetRate = Throughput(dotNet);
                string speed = portableRate <= dotNetRate
                    ? string.Create(CultureInfo.InvariantCulture, $"{dotNetRate / portableRate:0.0}x slower")
                    : string.Create(CultureInfo.InvariantCulture, $"{portableRate / dotNetRate:0.0}x faster");
                value = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{portableRate / dotNetRate:0.000} (portable {Format(portableRate)} MB/s, .NET {Format(dotNetRate)} MB/s; portable {speed})");
            }

            rows.Add(new HeadlineRow(figure, value, "-"));
        }

        return rows;
    }

    /// <summary>Writes <paramref name="rows"/> as a Markdown table under <paramref name="title"/>.</summary>
    public static void Print(TextWriter output, string title, IReadOnlyList<HeadlineRow> rows)
    {
        string[] headings = ["Figure", "Value", "Goal"];
        int[] widths = new int[headings.Length];
        for (int column = 0; column < headings.Length; column++)
        {
            widths[column] = Math.Max(headings[column].Length, rows.Select(r => Cell(r, column).Length).DefaultIfEmpty(0).Max());
        }

        output.WriteLine();
        output.WriteLine(title);
        output.WriteLine();
        output.WriteLine(Line(headings, widths));
        output.WriteLine(Line(widths.Select(w => new string('-', w)).ToArray(), widths));
        foreach (HeadlineRow row in rows)
        {
            output.WriteLine(Line([row.Figure, row.Value, row.Goal], widths));
        }
    }

    private static HeadlineRow Allocation(string figure, BenchmarkReport? report)
    {
        long? bytes = report?.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
        string value = bytes is null ? NotRun : string.Create(CultureInfo.InvariantCulture, $"{bytes.Value:N0} B allocated/op");
        string goal = bytes is null ? "0 B" : bytes.Value == 0 ? "0 B (met)" : "0 B (MISSED)";
        return new HeadlineRow(figure, value, goal);
    }

    private static BenchmarkReport? Find(List<BenchmarkReport> reports, Type type, string method, string? parameter = null, int value = 0)
    {
        return reports.FirstOrDefault(r =>
            r.BenchmarkCase.Descriptor.Type == type
            && r.BenchmarkCase.Descriptor.WorkloadMethod.Name == method
            && (parameter is null || ProcessedBytes.IntParameter(r.BenchmarkCase, parameter) == value));
    }

    private static double Throughput(BenchmarkReport report)
    {
        long bytes = ProcessedBytes.PerOperation(report.BenchmarkCase)
            ?? throw new InvalidOperationException($"no byte count for {report.BenchmarkCase.DisplayInfo}");
        return ProcessedBytes.MegabytesPerSecond(bytes, report.ResultStatistics!.Mean);
    }

    private static string Format(double megabytesPerSecond) => megabytesPerSecond.ToString("N1", CultureInfo.InvariantCulture);

    private static string Cell(HeadlineRow row, int column) => column switch
    {
        0 => row.Figure,
        1 => row.Value,
        _ => row.Goal,
    };

    private static string Line(string[] cells, int[] widths)
    {
        return "| " + string.Join(" | ", cells.Select((cell, i) => cell.PadRight(widths[i]))) + " |";
    }
}
