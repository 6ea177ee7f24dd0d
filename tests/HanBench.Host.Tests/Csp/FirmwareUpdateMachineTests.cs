using HanBench.Host.Csp;
using HanBench.Host.Inventory;
using A = HanBench.Host.Csp.FirmwareUpdateAlert;
using C = HanBench.Host.Csp.FirmwareUpdateCommand;
using E = HanBench.Host.Csp.FirmwareUpdateEvent;
using S = HanBench.Host.Inventory.FirmwareProgressState;

namespace HanBench.Host.Tests.Csp;

/// <summary>The pure update state machine: every move it makes, every event it refuses, each alert issued once.</summary>
[TestClass]
public sealed class FirmwareUpdateMachineTests
{
    private const int MaxAttempts = 3;
    private static readonly FirmwareUpdateMachine Machine = new(MaxAttempts);

    /// <summary>One expected move: the update's state, the event, and what the machine must answer.</summary>
    private sealed record Move(S From, bool Hub, int Attempts, E Event, S[] Path, bool Retry, A[] Alerts, C[] Commands);

    private static Move M(S from, E e, S[] path, A[]? alerts = null, C[]? commands = null, bool hub = false, int attempts = 0, bool retry = false) =>
        new(from, hub, attempts, e, path, retry, alerts ?? [], commands ?? []);

    /// <summary>Every (state, event) the machine acts on; anything else must be ignored.</summary>
    private static readonly Move[] Moves = BuildMoves();

    private static Move[] BuildMoves()
    {
        var moves = new List<Move>
        {
            M(S.Queued, E.DeliveryBegun, [S.DeliveringToHub], commands: [C.DeliverToHub]),
            M(S.Queued, E.DeliveryBegun, [S.DeliveringToHub], commands: [C.DeliverToHub], hub: true),
            M(S.DeliveringToHub, E.ImageOnHub, [S.OnHub], [A.DeliveredToHub], [C.Distribute]),
            M(S.DeliveringToHub, E.ImageOnHub, [S.OnHub, S.Transferring, S.Transferred], [A.DeliveredToHub], hub: true),
            M(S.OnHub, E.ImageOnHub, [S.Transferring, S.Transferred], hub: true),
            M(S.Transferring, E.ImageOnHub, [S.Transferred], hub: true),
            M(S.DeliveringToHub, E.DeliveryAttemptFailed, [S.Queued], [A.DeliveryAttemptFailed], retry: true),
            M(S.DeliveringToHub, E.DeliveryAttemptFailed, [S.Queued], [A.DeliveryAttemptFailed], retry: true, hub: true),
            M(S.DeliveringToHub, E.DeliveryAttemptFailed, [S.Failed], [A.DeliveryAttemptFailed, A.CancelledOrExpired, A.DistributionFailure], attempts: MaxAttempts - 1),
            M(S.DeliveringToHub, E.DeliveryAttemptFailed, [S.Failed], [A.DeliveryAttemptFailed, A.CancelledOrExpired, A.DistributionFailure], attempts: MaxAttempts - 1, hub: true),
            M(S.OnHub, E.TransferAccepted, [S.Transferring]),
            M(S.OnHub, E.ImageLostByHub, [S.Queued], retry: true),
            M(S.Transferring, E.ImageLostByHub, [S.Queued], retry: true),
            M(S.OnHub, E.ImageLostByHub, [S.Failed], [A.DistributionFailure], attempts: MaxAttempts - 1),
            M(S.Transferring, E.ImageLostByHub, [S.Failed], [A.DistributionFailure], attempts: MaxAttempts - 1),
            M(S.OnHub, E.TransferSucceeded, [S.Transferring, S.Transferred], [A.FirmwareTransfer]),
            M(S.Transferring, E.TransferSucceeded, [S.Transferred], [A.FirmwareTransfer]),
            M(S.OnHub, E.TransferFailed, [S.Failed], [A.FirmwareTransfer]),
            M(S.Transferring, E.TransferFailed, [S.Failed], [A.FirmwareTransfer]),
            M(S.Transferred, E.Activated, [S.Activated], [A.FirmwareActivation]),
            M(S.OnHub, E.Activated, [S.Transferring, S.Transferred, S.Activated], [A.FirmwareTransfer, A.FirmwareActivation]),
            M(S.Transferring, E.Activated, [S.Transferred, S.Activated], [A.FirmwareTransfer, A.FirmwareActivation]),
            M(S.Transferred, E.ActivationFailed, [S.Failed], [A.FirmwareActivation]),
            M(S.Transferred, E.NotActivated, [S.Failed]),
            M(S.OnHub, E.OtherVersionRunning, [S.Failed], [A.DistributionFailure]),
            M(S.Transferring, E.OtherVersionRunning, [S.Failed], [A.DistributionFailure]),
            M(S.Transferred, E.OtherVersionRunning, [S.Failed], [A.DistributionFailure]),
            M(S.Transferred, E.OtherVersionRunning, [S.Failed], [A.DistributionFailure], hub: true),
            M(S.Transferred, E.HubActivated, [S.Activated], hub: true),
        };
        foreach (S from in new[] { S.Queued, S.DeliveringToHub, S.OnHub, S.Transferring, S.Transferred })
        {
            foreach (bool hub in new[] { false, true })
            {
                moves.Add(M(from, E.Refused, [S.Failed], [A.DistributionFailure], hub: hub));
                bool onHan = from is S.OnHub or S.Transferring && !hub;
                moves.Add(M(from, E.Cancelled, [S.Failed], [A.CancelledOrExpired], onHan ? [C.StopTransfer] : [], hub: hub));
            }
        }

        return [.. moves];
    }

    [TestMethod]
    public void Decide_EveryListedMove_PathAlertsAndCommandsAsListed()
    {
        foreach (Move move in Moves)
        {
            FirmwareUpdateDecision decision = Machine.Decide(new FirmwareUpdateState(move.From, move.Hub, move.Attempts), move.Event);
            string name = $"{move.From} + {move.Event} (hub image: {move.Hub}, attempts: {move.Attempts})";
            CollectionAssert.AreEqual(move.Path, decision.Path.ToArray(), $"{name}: path");
            Assert.AreEqual(move.Retry, decision.Retry, $"{name}: retry");
            CollectionAssert.AreEqual(move.Alerts, decision.Alerts.ToArray(), $"{name}: alerts");
            CollectionAssert.AreEqual(move.Commands, decision.Commands.ToArray(), $"{name}: commands");
            Assert.AreEqual(move.Path[^1], decision.Next, name);
            Assert.IsFalse(decision.Ignored, name);
        }
    }

    [TestMethod]
    public void Decide_EveryUnlistedStateAndEvent_IgnoredNothingMovesNoAlert()
    {
        int ignored = 0;
        foreach ((S from, bool hub, int attempts, E e) in AllInputs())
        {
            if (Moves.Any(m => m.From == from && m.Hub == hub && m.Event == e && (m.Attempts == attempts || Same(m, attempts))))
            {
                continue;
            }

            FirmwareUpdateDecision decision = Machine.Decide(new FirmwareUpdateState(from, hub, attempts), e);
            Assert.IsTrue(decision.Ignored, $"{from} + {e} (hub image: {hub}, attempts: {attempts}) must change nothing");
            Assert.AreEqual(from, decision.Next);
            ignored++;
        }

        Assert.IsTrue(ignored > 100, $"{ignored} refused inputs checked");

        // Moves whose outcome does not depend on the attempts count hold for any count.
        static bool Same(Move m, int attempts) =>
            m.Event is not (E.DeliveryAttemptFailed or E.ImageLostByHub) || (m.Attempts < MaxAttempts - 1) == (attempts < MaxAttempts - 1);
    }

    [TestMethod]
    public void Decide_TerminalStates_EveryEventIgnored()
    {
        foreach (S from in new[] { S.Activated, S.Failed })
        {
            foreach (E e in Enum.GetValues<E>())
            {
                Assert.IsTrue(Machine.Decide(new FirmwareUpdateState(from, false, 0), e).Ignored, $"{from} + {e}");
                Assert.IsTrue(Machine.Decide(new FirmwareUpdateState(from, true, 0), e).Ignored, $"{from} + {e} (hub image)");
            }
        }
    }

    [TestMethod]
    public void Decide_EveryStepTaken_IsAnAllowedTransition_AndEveryAllowedTransitionIsTakenBySomeEvent()
    {
        var taken = new HashSet<(S, S)>();
        foreach ((S from, bool hub, int attempts, E e) in AllInputs())
        {
            FirmwareUpdateDecision decision = Machine.Decide(new FirmwareUpdateState(from, hub, attempts), e);
            S at = from;
            foreach (S next in decision.Path)
            {
                Assert.IsTrue(FirmwareProgressTransitions.IsAllowed(at, next), $"{from} + {e}: {at} → {next} is not an allowed transition");
                taken.Add((at, next));
                at = next;
            }
        }

        // Transferring → OnHub is the inventory's "transfer again" retry, which the engine leaves to the hub (its OTA
        // client resumes from the first missing byte): no event takes it.
        foreach (S from in Enum.GetValues<S>())
        {
            foreach (S to in Enum.GetValues<S>())
            {
                if (FirmwareProgressTransitions.IsAllowed(from, to) && (from, to) != (S.Transferring, S.OnHub))
                {
                    Assert.IsTrue(taken.Contains((from, to)), $"no event takes {from} → {to}");
                }
            }
        }
    }

    [TestMethod]
    public void RandomWalks_EachAlertIssuedAtMostOnce_N60OncePerAttempt()
    {
        int seed = Environment.TickCount;
        Console.WriteLine($"seed {seed}");
        var random = new Random(seed);
        E[] events = Enum.GetValues<E>();
        for (int walk = 0; walk < 2_000; walk++)
        {
            bool hub = random.Next(4) == 0;
            var state = new FirmwareUpdateState(S.Queued, hub, 0);
            var alerts = new List<A>();
            int lost = 0;
            for (int step = 0; step < 40 && !FirmwareProgressTransitions.IsTerminal(state.Progress); step++)
            {
                E e = events[random.Next(events.Length)];
                FirmwareUpdateDecision decision = Machine.Decide(state, e);
                alerts.AddRange(decision.Alerts);
                lost += e == E.ImageLostByHub && decision.Retry ? 1 : 0;
                state = state with { Progress = decision.Next, Attempts = state.Attempts + (decision.Retry ? 1 : 0) };
            }

            string trail = $"seed {seed}, walk {walk}: {string.Join(", ", alerts)}";
            foreach (A alert in Enum.GetValues<A>().Where(a => a is not (A.DeliveryAttemptFailed or A.DeliveredToHub)))
            {
                Assert.IsTrue(alerts.Count(a => a == alert) <= 1, $"{alert} twice; {trail}");
            }

            // The hub losing the image sends the update round again; the second N59 is the writer's to drop (its key is
            // the request and device: FirmwareUpdateRecorderTests.RandomWalks_…).
            Assert.IsTrue(alerts.Count(a => a == A.DeliveredToHub) <= 1 + lost, $"N59 more often than delivered; {trail}");

            Assert.IsTrue(alerts.Count(a => a == A.DeliveryAttemptFailed) <= MaxAttempts, trail);
            Assert.IsFalse(alerts.Contains(A.FirmwareActivation) && hub, $"a hub image raises no N39; {trail}");
            Assert.IsFalse(alerts.Contains(A.FirmwareTransfer) && hub, $"a hub image raises no N62; {trail}");
        }
    }

    [TestMethod]
    public void Decide_ImageOnHubThenActivated_FullPathInOrder_N59N62N39()
    {
        var state = new FirmwareUpdateState(S.Queued, false, 0);
        var alerts = new List<A>();
        var states = new List<S> { state.Progress };
        foreach (E e in new[] { E.DeliveryBegun, E.ImageOnHub, E.TransferAccepted, E.TransferSucceeded, E.Activated, E.Activated, E.TransferSucceeded })
        {
            FirmwareUpdateDecision decision = Machine.Decide(state, e);
            alerts.AddRange(decision.Alerts);
            states.AddRange(decision.Path);
            state = state with { Progress = decision.Next };
        }

        CollectionAssert.AreEqual(new[] { S.Queued, S.DeliveringToHub, S.OnHub, S.Transferring, S.Transferred, S.Activated }, states);
        CollectionAssert.AreEqual(new[] { A.DeliveredToHub, A.FirmwareTransfer, A.FirmwareActivation }, alerts, "the repeated 0x8F8B and the late 0x8F8A raise nothing");
    }

    [TestMethod]
    public void Constructor_NoAttempts_Refused() =>
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new FirmwareUpdateMachine(0));

    private static IEnumerable<(S From, bool Hub, int Attempts, E Event)> AllInputs()
    {
        foreach (S from in Enum.GetValues<S>())
        {
            foreach (bool hub in new[] { false, true })
            {
                foreach (int attempts in new[] { 0, MaxAttempts - 1 })
                {
                    foreach (E e in Enum.GetValues<E>())
                    {
                        yield return (from, hub, attempts, e);
                    }
                }
            }
        }
    }
}
