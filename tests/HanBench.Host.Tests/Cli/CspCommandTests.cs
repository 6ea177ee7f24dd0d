using HanBench.Cli.Commands;
using HanBench.Host.Csp;

namespace HanBench.Host.Tests.Cli;

/// <summary><c>csp run --time-scale</c>: the session options it builds, checked without running the session.</summary>
[TestClass]
public sealed class CspCommandTests
{
    private const ulong Host = 0x00DB00000000F000UL;
    private const ulong Hub = 0x00DB1234567890A2UL;

    [TestMethod]
    public void SessionOptions_TimeScale10_DividesEveryPolicyTimeoutKeepsAttempts()
    {
        HubSessionOptions options = CspCommand.SessionOptions(Host, Hub, 10.0);

        Assert.AreEqual(Host, options.HostEui);
        Assert.AreEqual(Hub, options.HubEui);
        AssertScaled(HubSessionOptions.DefaultManagement, options.Management, 10);
        AssertScaled(HubSessionOptions.DefaultGbcs, options.Gbcs, 10);
        // CS06 was added after the other two and must be scaled too: unscaled, a fast bench waits 60 s per attempt.
        AssertScaled(HubSessionOptions.DefaultActivation, options.Activation, 10);
    }

    [TestMethod]
    public void SessionOptions_TimeScale1_IsTheDefaults()
    {
        HubSessionOptions options = CspCommand.SessionOptions(Host, Hub, 1.0);

        Assert.AreEqual(HubSessionOptions.DefaultManagement, options.Management);
        Assert.AreEqual(HubSessionOptions.DefaultGbcs, options.Gbcs);
        Assert.AreEqual(HubSessionOptions.DefaultActivation, options.Activation);
    }

    [TestMethod]
    public void SessionOptions_TimeScaleBelowOne_StretchesActivation()
    {
        HubSessionOptions options = CspCommand.SessionOptions(Host, Hub, 0.5);

        Assert.AreEqual(HubSessionOptions.DefaultActivation.TimeoutMs * 2, options.Activation.TimeoutMs);
        Assert.AreEqual(HubSessionOptions.DefaultActivation.Attempts, options.Activation.Attempts);
    }

    private static void AssertScaled(RetryPolicy original, RetryPolicy scaled, long factor)
    {
        Assert.AreEqual(original.TimeoutMs / factor, scaled.TimeoutMs);
        Assert.AreEqual(original.Attempts, scaled.Attempts);
    }
}
