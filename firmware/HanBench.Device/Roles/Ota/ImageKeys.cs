using HanBench.Protocol.Management;

namespace HanBench.Device.Roles.Ota
{
    /// <summary>
    /// Image store keys for OTA images: <c>img-MMMM-TTTT-VVVVVVVV</c> (manufacturer code, image type, file version in
    /// upper-case hex), a valid <see cref="Hal.StoreKey"/> that names the image by what ZCL OTA names it by. (HanBench choice.)
    /// </summary>
    public static class ImageKeys
    {
        /// <summary>Characters of a key.</summary>
        public const int Length = 22;

        private const string Prefix = "img-";
        private const string Digits = "0123456789ABCDEF";

        /// <summary>The key of <paramref name="image"/>.</summary>
        public static string For(ImageIdentity image)
        {
            return For(image.ManufacturerCode, image.ImageType, image.FileVersion);
        }

        /// <summary>The key of the image with these ZCL fields.</summary>
        public static string For(ushort manufacturerCode, ushort imageType, uint fileVersion)
        {
            char[] chars = new char[Length];
            for (int i = 0; i < Prefix.Length; i++)
            {
                chars[i] = Prefix[i];
            }

            PutHex(chars, 4, manufacturerCode, 4);
            chars[8] = '-';
            PutHex(chars, 9, imageType, 4);
            chars[13] = '-';
            PutHex(chars, 14, fileVersion, 8);
            return new string(chars);
        }

        /// <summary>Reads the identity back from a key; false for any other key.</summary>
        public static bool TryParse(string key, out ImageIdentity image)
        {
            image = default;
            if (key == null || key.Length != Length || !key.StartsWith(Prefix) || key[8] != '-' || key[13] != '-')
            {
                return false;
            }

            if (!TryHex(key, 4, 4, out uint manufacturer) || !TryHex(key, 9, 4, out uint type) || !TryHex(key, 14, 8, out uint version))
            {
                return false;
            }

            image = new ImageIdentity((ushort)manufacturer, (ushort)type, version);
            return true;
        }

        private static void PutHex(char[] chars, int at, uint value, int digits)
        {
            for (int i = digits - 1; i >= 0; i--)
            {
                chars[at + i] = Digits[(int)(value & 0xF)];
                value >>= 4;
            }
        }

        private static bool TryHex(string text, int at, int digits, out uint value)
        {
            value = 0;
            for (int i = 0; i < digits; i++)
            {
                char c = text[at + i];
                int nibble = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (nibble < 0)
                {
                    return false;
                }

                value = (value << 4) | (uint)nibble;
            }

            return true;
        }
    }
}
