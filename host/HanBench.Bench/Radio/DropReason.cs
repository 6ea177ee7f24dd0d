namespace HanBench.Bench.Radio;

/// <summary>Why the medium did not deliver a frame.</summary>
public enum DropReason
{
    /// <summary>Unicast to an address no neighbour on that port answers for (relays forward; the medium does not route).</summary>
    NoRoute,

    /// <summary>The frame is longer than the hop's <see cref="RadioModel.MaxFrameBytes"/>; it never went on air.</summary>
    TooLarge,

    /// <summary>Lost at random with the hop's <see cref="RadioModel.LossProbability"/>.</summary>
    Loss,

    /// <summary>Its time on air overlapped an outage window of the hop.</summary>
    Outage,

    /// <summary>A parent discarded a frame its sleepy child did not poll for within macTransactionPersistenceTime (issue 14).</summary>
    Expired,
}
