using HanBench.Bench.Radio;
using HanBench.Device.Memory;
using HanBench.Device.Roles;

namespace HanBench.Bench.Hil;

/// <summary>One node of a running <see cref="HilBench"/>.</summary>
/// <param name="Spec">As the file describes it.</param>
/// <param name="Configuration">Its role configuration (a serial board runs the one it was flashed with).</param>
/// <param name="MediumNode">Its node on the host's medium.</param>
/// <param name="Role">The role, for a virtual node.</param>
/// <param name="MemoryLog">The log, for a virtual node.</param>
/// <param name="Proxy">The proxy, for a process or serial node.</param>
/// <param name="Process">The board process, for a process node.</param>
public sealed record HilNode(BenchNode Spec, RoleSettings Configuration, MediumNode MediumNode, IDeviceRole? Role, MemoryLog? MemoryLog, BoardProxy? Proxy, BoardProcess? Process)
{
    /// <summary>The device's log, last <paramref name="maxLines"/> lines: a virtual node's memory log, a process's output; a real board's log is on its debugger port.</summary>
    public string Log(int maxLines)
    {
        if (MemoryLog is not null)
        {
            string[] lines = MemoryLog.Lines();
            return string.Join("\n", lines.Skip(Math.Max(0, lines.Length - maxLines)));
        }

        if (Process is not null)
        {
            return Process.Output(maxLines) + (Proxy is null ? string.Empty : "\nhost side: " + Proxy.Describe());
        }

        return "(a real board: its log goes to the debugger on its USB port (COM1); see firmware/README.md)"
            + (Proxy is null ? string.Empty : "\nhost side: " + Proxy.Describe());
    }
}
