using System.Collections;
using HanBench.Protocol.Transfer;
using HanBench.Protocol.Zcl;

namespace HanBench.Protocol.Tests.Transfer
{
    /// <summary>
    /// A server and a client joined by two in-memory queues, under a manual clock: frames arrive at once, time moves only
    /// to the engines' next wake-up. Frames can be dropped by command id, or all of them for a while (an outage).
    /// </summary>
    internal sealed class OtaLoopback
    {
        private readonly QueueSender _toServer;
        private readonly QueueSender _toClient;

        public OtaLoopback(byte[] image, OtaServerSettings serverSettings, OtaClientSettings clientSettings, MemorySink sink, MemoryProgress progress, IOtaImageCheck check)
        {
            Image = image;
            Source = new ArrayImageSource();
            Source.Add("img", image);
            _toServer = new QueueSender();
            _toClient = new QueueSender();
            Server = new OtaServer(_toClient, Source, serverSettings, 4, 2);
            ServerImage = new OtaServerImage("img", OtaTestKit.Manufacturer, OtaTestKit.ImageType, OtaTestKit.NewVersion, (uint)image.Length);
            Server.AddImage(ServerImage);
            ServerWatch = new ServerWatch();
            Server.Observer = ServerWatch;
            clientSettings.ServerAddress = OtaTestKit.ServerAddress;
            clientSettings.OwnAddress = OtaTestKit.ClientAddress;
            clientSettings.ManufacturerCode = OtaTestKit.Manufacturer;
            clientSettings.ImageType = OtaTestKit.ImageType;
            clientSettings.CurrentFileVersion = OtaTestKit.OldVersion;
            Sink = sink;
            Progress = progress;
            Check = check;
            ClientSettings = clientSettings;
            ClientWatch = new ClientWatch();
            Client = NewClient();
        }

        public byte[] Image { get; }

        public ArrayImageSource Source { get; }

        public OtaServer Server { get; }

        public OtaServerImage ServerImage { get; }

        public ServerWatch ServerWatch { get; }

        public OtaClient Client { get; private set; }

        public OtaClientSettings ClientSettings { get; }

        public ClientWatch ClientWatch { get; }

        public MemorySink Sink { get; }

        public MemoryProgress Progress { get; }

        public IOtaImageCheck Check { get; }

        public long Now { get; set; }

        /// <summary>Command id dropped on the way to the server (-1: none).</summary>
        public int DropToServerCommand { get => _toServer.DropCommand; set => _toServer.DropCommand = value; }

        /// <summary>How many of the client's next Image Page and Image Block Requests are lost (each one lost counts down).</summary>
        public int LoseTransferRequests { get => _toServer.LoseTransferRequests; set => _toServer.LoseTransferRequests = value; }

        /// <summary>While true, nothing gets through either way.</summary>
        public bool Outage { get => _toServer.DropAll; set { _toServer.DropAll = value; _toClient.DropAll = value; } }

        /// <summary>Frames the client sent (delivered or not).</summary>
        public int ClientFramesSent => _toServer.Sent;

        /// <summary>A new client on the same sink and progress store, as after a restart.</summary>
        public OtaClient NewClient()
        {
            Client = new OtaClient(_toServer, Sink, Progress, Check, ClientSettings);
            Client.Observer = ClientWatch;
            return Client;
        }

        /// <summary>Delivers every queued frame, including those sent in answer, until both queues are empty.</summary>
        public void Pump()
        {
            while (_toServer.Queue.Count > 0 || _toClient.Queue.Count > 0)
            {
                if (_toServer.Queue.Count > 0)
                {
                    byte[] frame = (byte[])_toServer.Queue.Dequeue()!;
                    Server.OnZcl(OtaTestKit.ClientAddress, frame, 0, frame.Length, Now);
                }

                if (_toClient.Queue.Count > 0)
                {
                    byte[] frame = (byte[])_toClient.Queue.Dequeue()!;
                    Client.OnZcl(OtaTestKit.ServerAddress, frame, 0, frame.Length, Now);
                }
            }
        }

        /// <summary>
        /// Pumps and ticks, moving the clock to the engines' next wake-up, until the client reaches <paramref name="state"/>
        /// or nothing is left to do before <paramref name="deadlineMs"/>. Returns whether the state was reached.
        /// </summary>
        public bool RunUntil(OtaClientState state, long deadlineMs)
        {
            Pump();
            while (Client.State != state)
            {
                long next = Client.NextWakeMs < Server.NextWakeMs ? Client.NextWakeMs : Server.NextWakeMs;
                if (next == long.MaxValue || next > deadlineMs)
                {
                    return false;
                }

                if (next > Now)
                {
                    Now = next;
                }

                Server.Tick(Now);
                Pump();
                Client.Tick(Now);
                Pump();
            }

            return true;
        }

        /// <summary>Moves the clock to <paramref name="timeMs"/>, ticking and pumping on the way.</summary>
        public void RunTo(long timeMs)
        {
            Pump();
            while (true)
            {
                long next = Client.NextWakeMs < Server.NextWakeMs ? Client.NextWakeMs : Server.NextWakeMs;
                if (next > timeMs)
                {
                    break;
                }

                if (next > Now)
                {
                    Now = next;
                }

                Server.Tick(Now);
                Pump();
                Client.Tick(Now);
                Pump();
            }

            Now = timeMs;
        }

        private sealed class QueueSender : IZclFrameSender
        {
            public Queue Queue { get; } = new Queue();

            public int DropCommand { get; set; } = -1;

            public bool DropAll { get; set; }

            public int LoseTransferRequests { get; set; }

            public int Sent { get; private set; }

            public bool Send(ulong destination, byte[] buffer, int offset, int count)
            {
                Sent++;
                if (DropAll || (count >= 3 && buffer[offset + 2] == DropCommand))
                {
                    return true;
                }

                if (LoseTransferRequests > 0 && count >= 3
                    && (buffer[offset + 2] == (byte)OtaCommandId.ImagePageRequest || buffer[offset + 2] == (byte)OtaCommandId.ImageBlockRequest))
                {
                    LoseTransferRequests--;
                    return true;
                }

                byte[] copy = new byte[count];
                System.Array.Copy(buffer, offset, copy, 0, count);
                Queue.Enqueue(copy);
                return true;
            }
        }
    }
}
