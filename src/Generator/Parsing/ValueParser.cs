using System;
using System.Globalization;
using System.Linq;
using GraphGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GraphGen.Generator.Parsing
{
    /// <summary>Turns an argument's operation into a <see cref="ValueSpec"/>: constant, constructor parameter, or unanalysable.</summary>
    internal static class ValueParser
    {
        public static ValueSpec Parse(IOperation value, INamedTypeSymbol moduleType)
        {
            var location = LocationInfo.From(value.Syntax);
            if (value.ConstantValue.HasValue) return FromConstant(value.ConstantValue.Value, location);
            var inner = Unwrap(value);
            if (inner.ConstantValue.HasValue) return FromConstant(inner.ConstantValue.Value, location);
            if (inner is IParameterReferenceOperation p && IsConstructorParameter(p.Parameter, moduleType))
                return ValueSpec.Parameter(p.Parameter.Name, location);
            if (inner is IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field } && value.SemanticModel is { } model
                && StaticReadOnlyConstant(field, model.Compilation) is { HasValue: true } initial)
                return FromConstant(initial.Value, location);
            return ValueSpec.Unanalysable(value.Syntax.ToString(), location);
        }

        /// <summary>Strips implicit and explicit conversions (<c>(double)p</c>, float to double).</summary>
        public static IOperation Unwrap(IOperation operation)
        {
            while (operation is IConversionOperation conversion) operation = conversion.Operand;
            return operation;
        }

        public static ValueSpec FromConstant(object? value, LocationInfo? location)
        {
            switch (value)
            {
                case bool b: return ValueSpec.Constant(b ? 1 : 0, b ? "true" : "false", location);
                case string s: return ValueSpec.Constant(double.NaN, s, location);
                case float f: return ValueSpec.Constant(f, f.ToString("R", CultureInfo.InvariantCulture), location);
                case null: return ValueSpec.Constant(double.NaN, "null", location);
                case IConvertible c when value is not char:
                    double d = c.ToDouble(CultureInfo.InvariantCulture);
                    return ValueSpec.Constant(d, ValueSpec.FormatNumber(d), location);
                default: return ValueSpec.Constant(double.NaN, value.ToString() ?? "", location);
            }
        }

        /// <summary>
        /// A <c>static readonly</c> field initialised with a constant and written nowhere else (a static constructor
        /// would be the only other place): as good as a const for sizes.
        /// </summary>
        private static Optional<object?> StaticReadOnlyConstant(IFieldSymbol field, Compilation compilation)
        {
            Optional<object?> result = default;
            foreach (var reference in field.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax() is not VariableDeclaratorSyntax { Initializer: { } init }) return default;
                result = compilation.GetSemanticModel(init.SyntaxTree).GetConstantValue(init.Value);
            }

            foreach (var constructor in field.ContainingType.StaticConstructors)
            foreach (var reference in constructor.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax();
                var model = compilation.GetSemanticModel(syntax.SyntaxTree);
                if (syntax.DescendantNodes().OfType<AssignmentExpressionSyntax>()
                    .Any(a => SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(a.Left).Symbol, field)))
                    return default;
            }

            return result;
        }

        private static bool IsConstructorParameter(IParameterSymbol parameter, INamedTypeSymbol moduleType) =>
            parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } ctor
            && SymbolEqualityComparer.Default.Equals(ctor.ContainingType, moduleType);
    }
}
