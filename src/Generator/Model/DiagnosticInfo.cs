using Microsoft.CodeAnalysis;

namespace GraphGen.Generator.Model
{
    /// <summary>A diagnostic as equatable data: which descriptor, where, and the message arguments.</summary>
    internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> MessageArgs)
    {
        public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] args) =>
            new(descriptor.Id, location, new EquatableArray<string>(args));

        public Diagnostic ToDiagnostic()
        {
            var descriptor = Diagnostics.DiagnosticDescriptors.ById(Id);
            var args = new object[MessageArgs.Count];
            for (int i = 0; i < args.Length; i++) args[i] = MessageArgs[i];
            return Diagnostic.Create(descriptor, Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None, args);
        }
    }
}
