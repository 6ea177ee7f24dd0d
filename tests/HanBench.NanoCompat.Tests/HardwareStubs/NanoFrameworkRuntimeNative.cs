// Signatures from nanoframework/nanoFramework.Runtime.Native, nanoFramework.Runtime.Native/Power.cs, GC.cs,
// SystemInfo.cs. (Its System.Environment.TickCount64, System/Environment.cs, is bound to .NET's own property.)
namespace nanoFramework.Runtime.Native
{
    public class Power
    {
        public static void RebootDevice()
        {
        }
    }

    public static class GC
    {
        public static uint Run(bool compactHeap) => 0;
    }

    public static class SystemInfo
    {
        public static string TargetName => string.Empty;
    }
}
