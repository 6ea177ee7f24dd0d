namespace HanBench.Transports.Serial;

/// <summary>One serial port found on this machine.</summary>
/// <param name="Path">Device path (<c>/dev/ttyUSB0</c>) or COM name.</param>
/// <param name="Kind">usb-serial (ttyUSB: CP210x, CH34x, FTDI bridges), usb-acm (ttyACM: native USB CDC), uart (ttyS), com (Windows).</param>
/// <param name="StableNames">Stable aliases under <c>/dev/serial/by-id</c> that point at it (survive re-plugging).</param>
/// <param name="Status">ok, or why it could not be checked (e.g. "permission denied").</param>
public sealed record SerialPortInfo(string Path, string Kind, IReadOnlyList<string> StableNames, string Status);
