using System;

namespace GraphGen
{
    /// <summary>
    /// Marks a partial class as a GraphGen module. The source generator adds the <c>Module</c>
    /// base class, parameter registration, and compiled forward/backward code behind <c>Call</c>.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
    public sealed class ModuleAttribute : Attribute
    {
    }
}
