using HanBench.Device.Hal;

namespace HanBench.Device.Desktop.Diagnostics;

/// <summary>A virtual board's status LED: each change of state is one line in the device log.</summary>
public sealed class LogIndicator(IDeviceLog log) : IIndicator
{
    /// <inheritdoc />
    public IndicatorState State { get; private set; }

    /// <inheritdoc />
    public void Show(IndicatorState state)
    {
        if (state == State)
        {
            return;
        }

        State = state;
        log.Write(LogLevel.Info, $"LED {state}");
    }
}
