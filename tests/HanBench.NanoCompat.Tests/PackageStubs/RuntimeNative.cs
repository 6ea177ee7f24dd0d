// nanoFramework.Runtime.Native 1.7.x: nanoFramework.Runtime.Native/System/Environment.cs, a partial System.Environment
// (entry and citation: nanoframework-hardware-api.txt). Declared here, not in HardwareStubs/, because net10.0 has its own.
namespace System
{
    public static class Environment
    {
        public static long TickCount64 => 0;
    }
}
