namespace HanBench.VirtualBoard.Tests.Hil;

/// <summary>The ready bench files in boards/benches/, found from the test's build folder up to the repository root.</summary>
internal static class BenchFiles
{
    public static string PathOf(string name)
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "boards", "benches", name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new AssertFailedException($"boards/benches/{name} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>A small bench: a hub process and a PPMID process on ZigBee, joined, then one image to the PPMID.</summary>
    public static string HubAndPpmid(string expectedVersion, string transfer = "success") => $$"""
        {
          "format": "hanbench-bench/1",
          "name": "hub-and-ppmid",
          "nodes": [
            { "name": "CH", "role": "hub", "eui64": "00DB000000000001", "run": "process", "restartMs": 300 },
            { "name": "PPMID", "role": "ppmid", "eui64": "00DB000000000010", "run": "process", "restartMs": 300 }
          ],
          "hops": [ { "kind": "zigbee", "between": ["CH", "PPMID"] } ],
          "images": [ { "name": "ppmid-2", "for": "PPMID", "component": "main", "version": "00020000", "bytes": 2048 } ],
          "steps": [
            { "join": "all", "timeoutSeconds": 20 },
            { "distribute": "ppmid-2", "to": ["PPMID"], "timeoutSeconds": 30,
              "expect": { "transfer": "{{transfer}}", "activation": "success", "version": "{{expectedVersion}}" } }
          ]
        }
        """;
}
