using System.Globalization;
using HanBench.Bench.Time;

namespace HanBench.Bench.Topology;

/// <summary>
/// What <c>demo --inventory FILE</c> keeps beside its inventory so a run that was stopped or killed resumes when it is
/// started again: the folder <c>FILE.bench</c> with each device's flash (<see cref="StandardBenchOptions.StateDirectory"/>),
/// the bench seed (the images and radio are built from it, so a resumed run must use the first run's) and the bench
/// clock, saved every <see cref="ClockSaveIntervalMs"/> of bench time, so a resumed bench starts after everything the
/// earlier run recorded (device and inventory times never go back: alert keys and retry times depend on them).
/// </summary>
public sealed class KeptDemoBench
{
    /// <summary>How often (bench time) the clock is saved; a resumed bench starts this much after the last save.</summary>
    public const long ClockSaveIntervalMs = 1_000;

    private const string SeedFile = "seed";
    private const string ClockFile = "clock";

    private KeptDemoBench(string directory, ulong seed, long startMs, bool resumed)
    {
        Directory = directory;
        Seed = seed;
        StartMs = startMs;
        Resumed = resumed;
    }

    /// <summary>The folder beside the inventory.</summary>
    public string Directory { get; }

    /// <summary>The bench seed (the first run's).</summary>
    public ulong Seed { get; }

    /// <summary>Bench time the bench starts at.</summary>
    public long StartMs { get; }

    /// <summary>Whether an earlier run left this state (the inventory exists).</summary>
    public bool Resumed { get; }

    /// <summary>The folder kept beside <paramref name="inventory"/>.</summary>
    public static string FolderFor(string inventory) => Path.GetFullPath(inventory) + ".bench";

    /// <summary>
    /// The state for a demo on <paramref name="inventory"/>: a new one (the inventory does not exist yet) with
    /// <paramref name="seed"/>, or the earlier run's, whose seed <paramref name="seed"/> must match when
    /// <paramref name="seedGiven"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The inventory and its bench folder do not belong together, or the seed differs; the message says what to do.</exception>
    public static KeptDemoBench Open(string inventory, ulong seed, bool seedGiven)
    {
        string folder = FolderFor(inventory);
        string seedPath = Path.Combine(folder, SeedFile);
        bool inventoryExists = File.Exists(inventory);
        bool stateExists = File.Exists(seedPath);
        if (!inventoryExists)
        {
            if (System.IO.Directory.Exists(folder))
            {
                throw new InvalidOperationException($"{folder} holds a demo's devices but {inventory} is missing: remove the folder to start afresh");
            }

            System.IO.Directory.CreateDirectory(folder);
            Save(seedPath, seed.ToString(CultureInfo.InvariantCulture));
            return new KeptDemoBench(folder, seed, 0, resumed: false);
        }

        if (!stateExists)
        {
            throw new InvalidOperationException($"{inventory} exists but was not made by the demo (no {folder} beside it): the demo resumes only its own runs; name a new file to start one");
        }

        ulong kept = ulong.Parse(File.ReadAllText(seedPath).Trim(), CultureInfo.InvariantCulture);
        if (seedGiven && kept != seed)
        {
            throw new InvalidOperationException($"{inventory} was started with --seed {kept}, not {seed}: a resumed run keeps its seed");
        }

        string clockPath = Path.Combine(folder, ClockFile);
        long savedMs = File.Exists(clockPath) ? long.Parse(File.ReadAllText(clockPath).Trim(), CultureInfo.InvariantCulture) : 0;
        return new KeptDemoBench(folder, kept, savedMs + ClockSaveIntervalMs, resumed: true);
    }

    /// <summary>Saves <paramref name="scheduler"/>'s clock now and every <see cref="ClockSaveIntervalMs"/> of bench time.</summary>
    public void KeepClock(VirtualScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        string clockPath = Path.Combine(Directory, ClockFile);
        void SaveNow()
        {
            Save(clockPath, scheduler.NowMs.ToString(CultureInfo.InvariantCulture));
            scheduler.ScheduleAfterUs(ClockSaveIntervalMs * 1000, SaveNow);
        }

        SaveNow();
    }

    // A new file renamed over the old one: a kill leaves the old value or the new one, never half of one.
    private static void Save(string path, string text)
    {
        string temporary = path + ".new";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
