using System.Globalization;

namespace HanBench.Bench.Ota;

/// <summary>What the device CPUs add to one transfer: each side's busy time, the time to expect and what bounds it.</summary>
/// <param name="Device">The model's name.</param>
/// <param name="SenderSeconds">Sender CPU time for the whole image (encode and frame every block).</param>
/// <param name="ReceiverSeconds">Receiver CPU time (deframe, decode, hash every block).</param>
/// <param name="ExpectedSeconds">The transfer time to expect on the boards.</param>
/// <param name="Bound">"line" or "device CPU": which one sets <paramref name="ExpectedSeconds"/>.</param>
public sealed record DeviceCharge(string Device, double SenderSeconds, double ReceiverSeconds, double ExpectedSeconds, string Bound);

/// <summary>
/// Per-block and per-byte CPU costs of the boards at each end of an OTA transfer, charged on top of the line's virtual
/// time. nanoCLR interprets IL, so on a board the protocol code, not the line, may set the pace (issue 10).
/// <para>
/// Defaults are estimates from issue 10's figures, measured with nanoCLR on an x86-64 machine before the hot paths were
/// rewritten (so they err slow): the block path (ZCL encode, HAN frame, COBS + CRC-32 framing, deframing, decode) took
/// 145 µs per 255-byte block, charged here half to the sender and half to the receiver per block; SHA-256 took 67 ms
/// per 64 KiB (1.022 µs a byte), charged to the receiver per image byte (it hashes as it receives). An ESP32 at 240 MHz
/// is "roughly ×10–30" slower again: <see cref="Esp32"/> takes ×20, and <see cref="Esp32S3"/> ×12 (its LX7 core runs
/// the interpreter faster per clock: an estimate, not a measurement). Flash writes are not charged.
/// </para>
/// <para>
/// With page requests the server streams a page while the client works, so the three stages overlap: the transfer takes
/// the longest of line, sender and receiver time. Stop-and-wait block requests serialise them: every block waits for
/// the line, the sender and the receiver in turn, so the CPU times add to the line's.
/// </para>
/// </summary>
public sealed class DeviceCpuModel
{
    /// <summary>nanoCLR on x86-64, issue 10: the block path per 255-byte block, µs.</summary>
    public const double ReferenceBlockPathUs = 145;

    /// <summary>nanoCLR on x86-64, issue 10: SHA-256 per byte, µs (67 ms for 65,536 bytes).</summary>
    public const double ReferenceSha256UsPerByte = 67_000.0 / 65_536;

    /// <summary>Creates a model; costs in µs.</summary>
    public DeviceCpuModel(string name, double senderUsPerBlock, double senderUsPerByte, double receiverUsPerBlock, double receiverUsPerByte)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        foreach (double cost in new[] { senderUsPerBlock, senderUsPerByte, receiverUsPerBlock, receiverUsPerByte })
        {
            ArgumentOutOfRangeException.ThrowIfNegative(cost);
        }

        Name = name;
        SenderUsPerBlock = senderUsPerBlock;
        SenderUsPerByte = senderUsPerByte;
        ReceiverUsPerBlock = receiverUsPerBlock;
        ReceiverUsPerByte = receiverUsPerByte;
    }

    /// <summary>No device cost: the line alone.</summary>
    public static DeviceCpuModel None { get; } = new("none", 0, 0, 0, 0);

    /// <summary>ESP32 (Xtensa LX6, 240 MHz): the reference figures ×20.</summary>
    public static DeviceCpuModel Esp32 { get; } = Scaled("esp32", 20);

    /// <summary>ESP32-S3 (Xtensa LX7, 240 MHz): the reference figures ×12.</summary>
    public static DeviceCpuModel Esp32S3 { get; } = Scaled("esp32-s3", 12);

    /// <summary>The names <see cref="Parse"/> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = new[] { Esp32.Name, Esp32S3.Name, None.Name };

    /// <summary>The model's name.</summary>
    public string Name { get; }

    /// <summary>Sender CPU per block, µs.</summary>
    public double SenderUsPerBlock { get; }

    /// <summary>Sender CPU per image byte, µs.</summary>
    public double SenderUsPerByte { get; }

    /// <summary>Receiver CPU per block, µs.</summary>
    public double ReceiverUsPerBlock { get; }

    /// <summary>Receiver CPU per image byte, µs.</summary>
    public double ReceiverUsPerByte { get; }

    /// <summary>The model named <paramref name="name"/>; throws <see cref="ArgumentException"/> naming the choices.</summary>
    public static DeviceCpuModel Parse(string name)
    {
        return new[] { Esp32, Esp32S3, None }.FirstOrDefault(m => m.Name == name)
            ?? throw new ArgumentException($"unknown device '{name}' (one of {string.Join(", ", Names)})", nameof(name));
    }

    /// <summary>
    /// Charges an image of <paramref name="imageBytes"/> bytes in blocks of <paramref name="blockSize"/> (the last one
    /// short) to a transfer whose line took <paramref name="lineSeconds"/>; <paramref name="pipelined"/> for page
    /// requests, false for stop-and-wait.
    /// </summary>
    public DeviceCharge Charge(int imageBytes, int blockSize, double lineSeconds, bool pipelined)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(imageBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        long blocks = ((long)imageBytes + blockSize - 1) / blockSize;
        double sender = ((blocks * SenderUsPerBlock) + (imageBytes * SenderUsPerByte)) / 1e6;
        double receiver = ((blocks * ReceiverUsPerBlock) + (imageBytes * ReceiverUsPerByte)) / 1e6;
        double cpu = pipelined ? Math.Max(sender, receiver) : sender + receiver;
        double expected = pipelined ? Math.Max(lineSeconds, cpu) : lineSeconds + cpu;
        return new DeviceCharge(Name, sender, receiver, expected, cpu > lineSeconds ? "device CPU" : "line");
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: sender {SenderUsPerBlock:F0} µs/block + {SenderUsPerByte:F2} µs/byte, receiver {ReceiverUsPerBlock:F0} µs/block + {ReceiverUsPerByte:F2} µs/byte");

    private static DeviceCpuModel Scaled(string name, double factor)
    {
        double half = ReferenceBlockPathUs / 2 * factor;
        return new DeviceCpuModel(name, half, 0, half, ReferenceSha256UsPerByte * factor);
    }
}
