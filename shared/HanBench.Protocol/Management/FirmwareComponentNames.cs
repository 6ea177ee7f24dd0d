namespace HanBench.Protocol.Management
{
    /// <summary>
    /// The one text name of each <see cref="FirmwareComponentId"/>: the word a device's settings keys and log lines use, a
    /// bench file's <c>component</c>, the Central Product List's and the inventory's component column, the CLI's
    /// <c>--component</c>. Lower case, exactly as written here.
    /// </summary>
    public static class FirmwareComponentNames
    {
        /// <summary>The one firmware of a Comms Hub, PPMID or meter.</summary>
        public const string Main = "main";

        /// <summary>An Alt HAN bridge's SiLabs image.</summary>
        public const string SiLabs = "silabs";

        /// <summary>An Alt HAN bridge's Broadcom image (B1–B3).</summary>
        public const string Broadcom = "broadcom";

        /// <summary>The name of <paramref name="component"/>; <see cref="Main"/> for a value outside the enumeration (a decoder refuses those first: <see cref="ManagementValues"/>).</summary>
        public static string NameOf(FirmwareComponentId component)
        {
            switch (component)
            {
                case FirmwareComponentId.SiLabs:
                    return SiLabs;
                case FirmwareComponentId.Broadcom:
                    return Broadcom;
                default:
                    return Main;
            }
        }

        /// <summary>The component named <paramref name="name"/> (exact case); false for any other text.</summary>
        public static bool TryParse(string name, out FirmwareComponentId component)
        {
            if (name == Main)
            {
                component = FirmwareComponentId.Main;
                return true;
            }

            if (name == SiLabs)
            {
                component = FirmwareComponentId.SiLabs;
                return true;
            }

            if (name == Broadcom)
            {
                component = FirmwareComponentId.Broadcom;
                return true;
            }

            component = FirmwareComponentId.Main;
            return false;
        }
    }
}
