namespace HanBench.Host.Inventory;

/// <summary>
/// One distribution engine per inventory: <c>csp run</c>, <c>demo --inventory</c> and <c>bench run --inventory</c> each
/// hold this lock for as long as they run. Two engines on one inventory would both resume the same updates, deliver the
/// same images and issue the same alerts twice (and the second used to die with an unhandled cancellation). The lock is
/// an exclusive open of <c>FILE.lock</c> beside the inventory (.NET takes an advisory <c>flock</c> for it on Unix and a
/// share-none handle on Windows), so the operating system releases it when the process ends however it ends (SIGKILL
/// included) and a stale lock never blocks a restart. The lock file itself stays: deleting it while another process
/// holds it open would let a third one lock a fresh file beside it.
/// </summary>
public sealed class InventoryEngineLock : IDisposable
{
    private readonly FileStream _file;

    private InventoryEngineLock(FileStream file, string path)
    {
        _file = file;
        Path = path;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>The lock file of the inventory at <paramref name="inventoryPath"/>.</summary>
    public static string PathFor(string inventoryPath) => System.IO.Path.GetFullPath(inventoryPath) + ".lock";

    /// <summary>
    /// Takes the lock of the inventory at <paramref name="inventoryPath"/> for <paramref name="holder"/> (a command name
    /// written into the lock file for people reading it).
    /// </summary>
    /// <exception cref="InventoryInUseException">Another process (or another engine in this one) holds it.</exception>
    public static InventoryEngineLock Acquire(string inventoryPath, string holder)
    {
        ArgumentException.ThrowIfNullOrEmpty(inventoryPath);
        string path = PathFor(inventoryPath);
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new InventoryInUseException(inventoryPath, path, ex);
        }

        try
        {
            file.SetLength(0);
            using var writer = new StreamWriter(file, leaveOpen: true);
            writer.WriteLine($"{holder} pid {Environment.ProcessId} since {DateTimeOffset.UtcNow:yyyy-MM-dd'T'HH:mm:ss'Z'}");
        }
        catch (IOException)
        {
            // What the file says is for people; the lock is the open handle.
        }

        return new InventoryEngineLock(file, path);
    }

    /// <summary>Releases the lock (the file stays, see the class remarks).</summary>
    public void Dispose() => _file.Dispose();
}

/// <summary>Another engine holds an inventory's <see cref="InventoryEngineLock"/>.</summary>
public sealed class InventoryInUseException : IOException
{
    public InventoryInUseException(string inventoryPath, string lockPath, Exception inner)
        : base($"{inventoryPath} is in use by another distribution engine (csp run, demo or bench run; lock {lockPath}): "
            + "one engine per inventory, stop the other one or give another inventory", inner)
    {
        InventoryPath = inventoryPath;
    }

    /// <summary>The inventory.</summary>
    public string InventoryPath { get; }
}
