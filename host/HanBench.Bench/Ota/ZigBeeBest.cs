using HanBench.Bench.Radio;
using HanBench.Protocol.Han;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Bench.Ota;

/// <summary>
/// The best OTA goodput a ZigBee hop allows (issue 14): the largest block one secured frame carries, Image Block
/// Responses back to back, each with its mean MAC exchange and APS acknowledgement over every NWK hop
/// (<see cref="ZigBeeStack.MeanUnicastUs"/>). What a transfer on that hop is measured against.
/// </summary>
/// <param name="Model">The hop.</param>
/// <param name="BlockSize">Data bytes of the largest Image Block Response one frame carries.</param>
/// <param name="BlockUs">Mean time one such response keeps the hop busy, µs.</param>
public sealed record ZigBeeBest(RadioModel Model, byte BlockSize, long BlockUs)
{
    /// <summary>Image bytes per second, blocks back to back.</summary>
    public double BytesPerSecond => GoodputFor(BlockSize);

    /// <summary>What the limit is, for reports.</summary>
    public string Basis => $"best the model allows: {BlockSize}-byte blocks back to back, {BlockUs} µs each with MAC and APS ACKs over {Model.Stack!.NwkHops} hop(s)";

    /// <summary>The best for <paramref name="model"/>, a hop with a <see cref="RadioModel.Stack"/>.</summary>
    public static ZigBeeBest For(RadioModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Stack is null)
        {
            throw new ArgumentException("not a ZigBee hop: it has no stack", nameof(model));
        }

        byte block = OtaTransferLimits.MaxDataSizeFor(model.MaxFrameBytes);
        return new ZigBeeBest(model, block, BlockResponseUs(model.Stack, block));
    }

    /// <summary>Goodput of <paramref name="blockSize"/>-byte blocks back to back on this hop, B/s.</summary>
    public double GoodputFor(int blockSize) => blockSize * 1e6 / BlockResponseUs(Model.Stack!, blockSize);

    /// <summary>Asks for pages of 64 blocks spaced by the mean block time rounded up to whole ms.</summary>
    public void AskForPages(OtaClientSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.UsePageRequests = true;
        settings.PageSize = (ushort)(BlockSize * 64);
        settings.ResponseSpacingMs = (ushort)((BlockUs + 999) / 1000);
    }

    /// <summary>Mean µs an Image Block Response of <paramref name="blockSize"/> data bytes keeps a hop of <paramref name="stack"/> busy.</summary>
    public static long BlockResponseUs(ZigBeeStack stack, int blockSize)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return stack.MeanUnicastUs(BlockResponseFrame(blockSize));
    }

    /// <summary>A HAN frame the size of an Image Block Response of <paramref name="blockSize"/> data bytes, server to client.</summary>
    public static HanFrame BlockResponseFrame(int blockSize)
    {
        var frame = new HanFrame
        {
            Kind = HanFrameKind.Zcl,
            Source = OtaTransferRig.ServerEui,
            Destination = OtaTransferRig.FirstClientEui,
            ClusterId = OtaCluster.ClusterId,
        };
        frame.SetPayload(new byte[ZclHeader.MinEncodedLength + ImageBlockResponse.SuccessFixedLength + blockSize], 0, ZclHeader.MinEncodedLength + ImageBlockResponse.SuccessFixedLength + blockSize);
        return frame;
    }
}
