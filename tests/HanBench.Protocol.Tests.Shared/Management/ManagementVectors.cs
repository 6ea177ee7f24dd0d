using HanBench.Protocol.Bytes;

namespace HanBench.Protocol.Tests.Management
{
    /// <summary>HanBench's own golden management messages (hex), written from the layouts in the message classes.</summary>
    public static class ManagementVectors
    {
        public const ulong DeviceA = 0x00DB123456789001UL;
        public const ulong DeviceB = 0x00DB123456789002UL;
        public const string Hash = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F";
        public const string ImageId = "3412" + "0102" + "04030201";

        public const string Ping = "0111";
        public const string StateQuery = "0212";
        public const string Reboot = "0313" + "F401";
        public const string JoinDevice = "0414" + "00DB123456789001" + "01";
        public const string RemoveDevice = "0515" + "00DB123456789001";
        public const string DistributeImage = "0616" + ImageId + Hash + "02" + "00DB123456789001" + "00DB123456789002";
        public const string CancelDistribution = "0717" + ImageId + "01" + "00DB123456789001";
        public const string ImageExpectation = "0818" + ImageId + Hash;
        public const string Identity = "8119" + "03" + "01" + "00" + "00DB123456789003" + "0300" + "02"
            + "01" + "3412" + "0102" + "05010000"
            + "02" + "3412" + "0202" + "07000000";
        public const string StateReport = "821A" + "01" + "100E0000" + ImageId + "00100000" + "00200000" + "05" + "02";
        public const string JoinResult = "841B" + "00DB123456789007" + "02" + "06" + "08";
        public const string DistributeResult = "861C" + "02" + "00" + "00DB123456789009";
        public const string Ack = "FF1D" + "03" + "00";

        public static readonly string[] All = new string[]
        {
            Ping, StateQuery, Reboot, JoinDevice, RemoveDevice, DistributeImage, CancelDistribution, ImageExpectation,
            Identity, StateReport, JoinResult, DistributeResult, Ack,
        };

        public static byte[] Bytes(string hex)
        {
            Hex.TryDecode(hex, out byte[] bytes);
            return bytes;
        }

        public static ByteReader Reader(string hex)
        {
            byte[] bytes = Bytes(hex);
            return new ByteReader(bytes, 0, bytes.Length);
        }

        public static string Encode(HanBench.Protocol.Management.ManagementMessage message)
        {
            byte[] buffer = new byte[message.EncodedLength];
            ByteWriter writer = new ByteWriter(buffer);
            message.WriteTo(writer);
            return Hex.Encode(buffer, 0, writer.Written);
        }
    }
}
