using System.Runtime.InteropServices;
using System.Text;

namespace HanBench.Cli;

/// <summary>
/// The process's standard streams and the terminal's size, without System.Console on Unix. .NET's Unix console writes
/// the terminfo <c>keypad_xmit</c> string (<c>ESC[?1h ESC=</c> for xterm) to the terminal the first time anything is
/// written through <see cref="Console.Out"/>, <see cref="Console.Error"/> or their streams, read from a terminal through
/// <see cref="Console.OpenStandardInput()"/>, or the window size is asked for (its ConsolePal.EnsureConsoleInitialized):
/// an escape code nobody asked for, which <c>NO_COLOR</c> (https://no-color.org/) forbids (issue 13 §2). So on Unix the
/// CLI writes to file descriptors 1 and 2 with write(2) and reads the size with the TIOCGWINSZ ioctl. write(2) rather
/// than a <see cref="FileStream"/> over the descriptor: FileStream writes a regular file at its own offset (pwrite) and
/// leaves the shared one where it was, so in <c>{ hanbench …; echo done; } &gt; out</c> the echo would overwrite the
/// output. On Windows, where the console writes no such string, System.Console is used as it is.
/// </summary>
public static partial class ProcessConsole
{
    private const int StandardInput = 0;
    private const int StandardOutput = 1;
    private const int StandardError = 2;

    /// <summary>Spectre's (and a VT100's) size when the terminal does not say: 80 columns, 24 rows.</summary>
    public static readonly (int Columns, int Rows) DefaultSize = (80, 24);

    private static readonly Lazy<TextWriter> OutputWriter = new(() => OperatingSystem.IsWindows() ? Console.Out : Writer(StandardOutput));
    private static readonly Lazy<TextWriter> ErrorWriter = new(() => OperatingSystem.IsWindows() ? Console.Error : Writer(StandardError));

    /// <summary>Standard output: UTF-8 without a byte order mark, flushed on every write as the console is, safe across threads.</summary>
    public static TextWriter Output => OutputWriter.Value;

    /// <summary>Standard error, as <see cref="Output"/>.</summary>
    public static TextWriter Error => ErrorWriter.Value;

    /// <summary>Whether standard output is a terminal (System.Console asks isatty(3) here, which writes nothing).</summary>
    public static bool IsOutputTerminal => !Console.IsOutputRedirected;

    /// <summary>Standard input as bytes, without line editing and without writing to the terminal; not to be disposed by a reader that stops early.</summary>
    public static Stream OpenInput() => OperatingSystem.IsWindows() ? Console.OpenStandardInput() : new DescriptorStream(StandardInput);

    /// <summary>
    /// The size of the terminal standard output is on: TIOCGWINSZ on Linux (asked each time, so a resized window is
    /// followed), else <c>COLUMNS</c> and <c>LINES</c> when set, else <see cref="DefaultSize"/>.
    /// </summary>
    public static (int Columns, int Rows) TerminalSize()
    {
        if (OperatingSystem.IsWindows())
        {
            try
            {
                return (Console.WindowWidth, Console.WindowHeight);
            }
            catch (IOException)
            {
                return DefaultSize;
            }
        }

        // TIOCGWINSZ is Linux's request number; elsewhere (macOS on arm64 passes ioctl's variadic argument differently
        // from a P/Invoke) the variables a shell may export are the next best answer.
        if (OperatingSystem.IsLinux() && GetWindowSize(StandardOutput, LinuxTiocgwinsz, out WindowSize size) == 0 && size.Columns > 0)
        {
            return (size.Columns, size.Rows > 0 ? size.Rows : DefaultSize.Rows);
        }

        return (Variable("COLUMNS") ?? DefaultSize.Columns, Variable("LINES") ?? DefaultSize.Rows);
    }

    private static int? Variable(string name) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) && value > 0 ? value : null;

    /// <summary>
    /// Whether escape codes written to standard output are obeyed rather than printed. On Windows a classic console window
    /// starts without virtual terminal processing (Windows Terminal has it on), so this asks for it
    /// (ENABLE_VIRTUAL_TERMINAL_PROCESSING) and says whether the console has it; Unix terminals obey them.
    /// </summary>
    public static bool TakesEscapeCodes()
    {
        if (!OperatingSystem.IsWindows())
        {
            return true;
        }

        const int StandardOutputHandle = -11;
        const uint VirtualTerminalProcessing = 0x0004;
        nint handle = GetStdHandle(StandardOutputHandle);
        return GetConsoleMode(handle, out uint mode)
            && ((mode & VirtualTerminalProcessing) != 0 || SetConsoleMode(handle, mode | VirtualTerminalProcessing));
    }

    /// <summary>Characters a write may hold before it is split: a demo frame (a screen of bars) goes out in one write(2).</summary>
    private const int FrameChars = 16_384;

    private static TextWriter Writer(int descriptor) =>
        TextWriter.Synchronized(new StreamWriter(new DescriptorStream(descriptor), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: FrameChars) { AutoFlush = true });

    private const ulong LinuxTiocgwinsz = 0x5413;
    private const int Interrupted = 4;      // EINTR, the same on Linux and the BSDs
    private const int BrokenPipe = 32;      // EPIPE, the same on Linux and the BSDs

    /// <summary>EAGAIN: 11 on Linux, 35 on macOS and the BSDs.</summary>
    private static int WouldBlock => OperatingSystem.IsLinux() ? 11 : 35;

    [StructLayout(LayoutKind.Sequential)]
    private struct WindowSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort PixelWidth;
        public ushort PixelHeight;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short Returned;
    }

    [LibraryImport("kernel32.dll", SetLastError = true)]
    private static partial nint GetStdHandle(int which);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetConsoleMode(nint console, out uint mode);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool SetConsoleMode(nint console, uint mode);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static partial int GetWindowSize(int descriptor, ulong request, out WindowSize size);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteBytes(int descriptor, ReadOnlySpan<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadBytes(int descriptor, Span<byte> buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollDescriptor descriptors, nuint count, int timeoutMilliseconds);

    /// <summary>A file descriptor the process does not own (never closed here), read and written with read(2) and write(2).</summary>
    private sealed class DescriptorStream(int descriptor) : Stream
    {
        private const short PollOut = 0x4;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (true)
            {
                nint read = ReadBytes(descriptor, buffer, buffer.Length);
                if (read >= 0)
                {
                    return (int)read;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno != Interrupted)
                {
                    throw Failure("read from", errno);
                }
            }
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            while (buffer.Length > 0)
            {
                nint written = WriteBytes(descriptor, buffer, buffer.Length);
                if (written >= 0)
                {
                    buffer = buffer[(int)written..];
                    continue;
                }

                int errno = Marshal.GetLastPInvokeError();
                if (errno == BrokenPipe)
                {
                    // The reader has gone (`hanbench … | head -1`): as System.Console does, the rest is dropped, not an error.
                    return;
                }

                if (errno == WouldBlock)
                {
                    // Someone made the descriptor non-blocking: wait until it takes more.
                    var wait = new PollDescriptor { Descriptor = descriptor, Events = PollOut };
                    _ = Poll(ref wait, 1, -1);
                }
                else if (errno != Interrupted)
                {
                    throw Failure("write to", errno);
                }
            }
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private IOException Failure(string what, int errno) => new($"cannot {what} file descriptor {descriptor}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }
}
