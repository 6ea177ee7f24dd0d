namespace HanBench.Device.Configuration
{
    /// <summary>
    /// What <see cref="RoleConfigParser"/> found wrong with a role configuration file; anything but <see cref="Ok"/> comes
    /// with <see cref="RoleConfigParser.ErrorField"/> and <see cref="RoleConfigParser.ErrorOffset"/>.
    /// </summary>
    public enum RoleConfigStatus : byte
    {
        /// <summary>The file is a valid configuration.</summary>
        Ok = 0,

        /// <summary>No bytes, or only whitespace.</summary>
        Empty = 1,

        /// <summary>Not JSON, or JSON cut short (RFC 8259 grammar).</summary>
        Syntax = 2,

        /// <summary>Objects or arrays nested deeper than <see cref="RoleConfigParser.MaxDepth"/>.</summary>
        TooDeep = 3,

        /// <summary><c>format</c> is not <see cref="RoleConfigFile.CurrentFormat"/>: the app refuses a tag it does not know.</summary>
        UnknownFormat = 4,

        /// <summary>A required member is absent.</summary>
        MissingField = 5,

        /// <summary>A member appears twice in one object.</summary>
        DuplicateField = 6,

        /// <summary>A member has the wrong JSON type (a string where a number belongs, …).</summary>
        WrongType = 7,

        /// <summary>A member has the right type but a value the format does not allow.</summary>
        BadValue = 8,

        /// <summary>Members disagree with the role (link names or count, bridge variant, hub storage).</summary>
        Inconsistent = 9,
    }
}
