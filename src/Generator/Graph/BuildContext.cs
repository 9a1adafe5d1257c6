using System;
using System.Collections.Generic;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace GraphGen.Generator.Graph
{
    /// <summary>
    /// What an op sees while its node is built: the call in Forward or the layer object it comes from,
    /// its arguments, and a way to turn a dimension argument into a <see cref="SymDim"/> (constructor
    /// parameters become symbols; inside an inlined child module, the parent's arguments are substituted).
    /// </summary>
    internal sealed class BuildContext
    {
        private readonly Func<ValueSpec, SymDim?> _dim;
        private readonly List<DiagnosticInfo> _diagnostics;

        public BuildContext(ForwardOp? call, LayerSpec? layer, string label, LocationInfo? location, Func<ValueSpec, SymDim?> dim, List<DiagnosticInfo> diagnostics)
        {
            Call = call;
            Layer = layer;
            Label = label;
            Location = location;
            _dim = dim;
            _diagnostics = diagnostics;
        }

        public ForwardOp? Call { get; }

        public LayerSpec? Layer { get; }

        /// <summary>How messages name the node: the layer path or the call's source text.</summary>
        public string Label { get; }

        public LocationInfo? Location { get; }

        public bool Failed { get; private set; }

        public ArgSpec? ArgSpec(string name)
        {
            var args = Call?.Args ?? Layer?.Args;
            if (args is null) return null;
            foreach (var a in args.Value)
                if (a.Name == name) return a;
            return null;
        }

        public ValueSpec? Arg(string name) => ArgSpec(name)?.Values is { Count: > 0 } v ? v[0] : null;

        public SymDim? Dim(ValueSpec value) => _dim(value);

        /// <summary>A constant argument (GG0204 when it is a parameter or unanalysable); <paramref name="fallback"/> when absent.</summary>
        public ValueSpec? Constant(string name, ValueSpec? fallback = null)
        {
            var v = Arg(name);
            if (v is null) return fallback;
            return RequireConstant(v, name);
        }

        public ValueSpec? RequireConstant(ValueSpec v, string name)
        {
            if (v.IsConstant) return v;
            Report(DiagnosticDescriptors.NonConstantArgument, v.Location ?? Location, Label, name, v.Text);
            return null;
        }

        /// <summary>Reports a shape problem found while reading the arguments (a size read from a dim the tensor lacks).</summary>
        public void Report(CheckMessage message, LocationInfo? location)
        {
            Failed = true;
            _diagnostics.Add(message.ToDiagnostic(location ?? Location));
        }

        public void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] args)
        {
            Failed = true;
            _diagnostics.Add(DiagnosticInfo.Create(descriptor, location ?? Location, args));
        }
    }
}
