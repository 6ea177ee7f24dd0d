namespace HanBench.Protocol.Transfer
{
    /// <summary>
    /// What an <see cref="OtaClient"/> tells its role. Called synchronously from the client's <c>OnZcl</c>/<c>Tick</c>;
    /// an implementation must not call back into the client.
    /// </summary>
    public interface IOtaClientObserver
    {
        /// <summary>The client moved to <paramref name="state"/> (progress is in <see cref="OtaClient.BytesReceived"/>).</summary>
        void OnStateChanged(OtaClient client, OtaClientState state);

        /// <summary>
        /// The upgrade time has come: switch to the downloaded, verified image (a PPMID activates it and raises 0x8F8B;
        /// the Comms Hub makes it the one it serves to the HAN). The client now reports this file version as current.
        /// </summary>
        void OnActivate(OtaClient client, ushort manufacturerCode, ushort imageType, uint fileVersion);
    }
}
