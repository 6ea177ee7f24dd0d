namespace HanBench.Protocol.Zcl
{
    /// <summary>
    /// The spec's names of <see cref="OtaStatus"/> codes, for logs and tools. Written out because
    /// <c>Enum.ToString</c> cannot be relied on for names on nanoFramework 1.x.
    /// </summary>
    public static class OtaStatusNames
    {
        /// <summary>The spec name of <paramref name="status"/> ("WAIT_FOR_DATA"), or <c>null</c> for a code it does not name.</summary>
        public static string? NameOf(OtaStatus status)
        {
            switch (status)
            {
                case OtaStatus.Success:
                    return "SUCCESS";
                case OtaStatus.Failure:
                    return "FAILURE";
                case OtaStatus.NotAuthorized:
                    return "NOT_AUTHORIZED";
                case OtaStatus.MalformedCommand:
                    return "MALFORMED_COMMAND";
                case OtaStatus.UnsupCommand:
                    return "UNSUP_COMMAND";
                case OtaStatus.InvalidField:
                    return "INVALID_FIELD";
                case OtaStatus.InvalidValue:
                    return "INVALID_VALUE";
                case OtaStatus.InsufficientSpace:
                    return "INSUFFICIENT_SPACE";
                case OtaStatus.Timeout:
                    return "TIMEOUT";
                case OtaStatus.Abort:
                    return "ABORT";
                case OtaStatus.InvalidImage:
                    return "INVALID_IMAGE";
                case OtaStatus.WaitForData:
                    return "WAIT_FOR_DATA";
                case OtaStatus.NoImageAvailable:
                    return "NO_IMAGE_AVAILABLE";
                case OtaStatus.RequireMoreImage:
                    return "REQUIRE_MORE_IMAGE";
                case OtaStatus.NotificationPending:
                    return "NOTIFICATION_PENDING";
                default:
                    return null;
            }
        }

        /// <summary>Parses a spec name ("ABORT", case-sensitive as the spec writes it) back to its code.</summary>
        public static bool TryParse(string name, out OtaStatus status)
        {
            // Walk the byte range rather than a table: 256 probes, tools only, no allocation.
            for (int code = 0x00; code <= 0xFF; code++)
            {
                string? candidate = NameOf((OtaStatus)code);
                if (candidate != null && candidate == name)
                {
                    status = (OtaStatus)code;
                    return true;
                }
            }

            status = OtaStatus.Success;
            return false;
        }
    }
}
