namespace HanBench.Transports.Serial.Posix;

/// <summary>The line settings a tty reports (tcgetattr), decoded into what HanBench cares about.</summary>
/// <param name="InputBaudRate">Input speed, or 0 when the code is not one HanBench uses.</param>
/// <param name="OutputBaudRate">Output speed, likewise.</param>
/// <param name="DataBits">Character size: 5–8.</param>
/// <param name="TwoStopBits">CSTOPB.</param>
/// <param name="Parity">PARENB.</param>
/// <param name="HardwareFlowControl">CRTSCTS.</param>
/// <param name="Canonical">ICANON (line editing).</param>
/// <param name="Echo">ECHO.</param>
/// <param name="Signals">ISIG (Ctrl-C and friends).</param>
/// <param name="TranslatesInput">Any of ICRNL, INLCR, IGNCR, ISTRIP, IXON, BRKINT, PARMRK.</param>
/// <param name="PostProcessesOutput">OPOST (e.g. LF → CR LF).</param>
/// <param name="ReceiverEnabled">CREAD.</param>
/// <param name="IgnoresModemControl">CLOCAL.</param>
public sealed record SerialLineSettings(
    int InputBaudRate,
    int OutputBaudRate,
    int DataBits,
    bool TwoStopBits,
    bool Parity,
    bool HardwareFlowControl,
    bool Canonical,
    bool Echo,
    bool Signals,
    bool TranslatesInput,
    bool PostProcessesOutput,
    bool ReceiverEnabled,
    bool IgnoresModemControl)
{
    /// <summary>Raw 8N1: every byte passes unchanged in both directions, no echo, no line editing, no signals.</summary>
    public bool IsRaw8N1 => DataBits == 8 && !TwoStopBits && !Parity && !Canonical && !Echo && !Signals && !TranslatesInput && !PostProcessesOutput;

    internal static SerialLineSettings From(in LinuxTermios t, int inputBaud, int outputBaud)
    {
        uint size = t.ControlFlags & LinuxConstants.CSIZE;
        int dataBits = 5 + (int)(size >> 4);
        const uint translations = LinuxConstants.ICRNL | LinuxConstants.INLCR | LinuxConstants.IGNCR | LinuxConstants.ISTRIP
            | LinuxConstants.IXON | LinuxConstants.BRKINT | LinuxConstants.PARMRK;
        return new SerialLineSettings(
            inputBaud,
            outputBaud,
            dataBits,
            (t.ControlFlags & LinuxConstants.CSTOPB) != 0,
            (t.ControlFlags & LinuxConstants.PARENB) != 0,
            (t.ControlFlags & LinuxConstants.CRTSCTS) != 0,
            (t.LocalFlags & LinuxConstants.ICANON) != 0,
            (t.LocalFlags & LinuxConstants.ECHO) != 0,
            (t.LocalFlags & LinuxConstants.ISIG) != 0,
            (t.InputFlags & translations) != 0,
            (t.OutputFlags & LinuxConstants.OPOST) != 0,
            (t.ControlFlags & LinuxConstants.CREAD) != 0,
            (t.ControlFlags & LinuxConstants.CLOCAL) != 0);
    }
}
