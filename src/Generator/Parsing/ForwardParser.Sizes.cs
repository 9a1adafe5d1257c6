using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GraphGen.Generator.Parsing
{
    /// <summary>
    /// Sizes read inside Forward (<c>x.Size(0)</c>, <c>x.Shape[1]</c>, products of them and constants, and int
    /// locals holding one): PyTorch's <c>x.view(x.size(0), -1)</c>. They become <see cref="ValueKind.Size"/>
    /// values that the graph builder turns into symbolic dimensions once the shapes are known.
    /// </summary>
    internal sealed partial class ForwardParser
    {
        private const string SizeHelp = "a size in Forward is a constant, x.Size(d) or x.Shape[d] (d a constant, x an input or a local of Forward), or a product of those";

        /// <summary>Int locals holding a size or a constant (<c>int batch = x.Size(0);</c>).</summary>
        private readonly Dictionary<ISymbol, ValueSpec> _sizes = new(SymbolEqualityComparer.Default);

        /// <summary>
        /// A non-tensor argument inside Forward: a size, a constant, or the module's <c>Training</c> flag (for
        /// F.Dropout); null after reporting a malformed size.
        /// </summary>
        private ValueSpec? ForwardValue(IOperation value)
        {
            if (MentionsSize(value)) return SizeValue(value);
            var inner = ValueParser.Unwrap(value);
            if (inner is IPropertyReferenceOperation { Property.Name: "Training", Instance: IInstanceReferenceOperation or null }
                || (inner is IInvalidOperation && inner.Syntax is IdentifierNameSyntax { Identifier.ValueText: "Training" }
                    or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name.Identifier.ValueText: "Training" }))
                return ValueSpec.Parameter("Training", LocationInfo.From(value.Syntax));
            return ValueParser.Parse(value, _moduleType);
        }

        /// <summary>Whether <paramref name="value"/> reads a tensor's size or an int local of Forward (and is not a plain constant).</summary>
        private bool MentionsSize(IOperation value)
        {
            if (value.ConstantValue.HasValue) return false;
            return IsSizeRead(value) || value.Descendants().Any(IsSizeRead);
        }

        private bool IsSizeRead(IOperation o) => o switch
        {
            IInvocationOperation { TargetMethod.Name: "Size" } call => IsTensor(call.TargetMethod.ContainingType),
            IPropertyReferenceOperation { Property.Name: "Shape" or "Rank" or "NumEl" } p => IsTensor(p.Property.ContainingType),
            ILocalReferenceOperation l => _sizes.ContainsKey(l.Local),
            _ => false,
        };

        /// <summary>Reads a size expression, or reports what is allowed and returns null.</summary>
        private ValueSpec? SizeValue(IOperation operation)
        {
            var location = LocationInfo.From(operation.Syntax);
            string text = operation.Syntax.ToString();
            if (operation.ConstantValue.HasValue) return ValueParser.Parse(operation, _moduleType);
            var inner = ValueParser.Unwrap(operation);
            switch (inner)
            {
                case ILocalReferenceOperation l when _sizes.TryGetValue(l.Local, out var local):
                    return local with { Location = location };

                case IInvocationOperation { TargetMethod.Name: "Size", Instance: { } tensor } call when IsTensor(call.TargetMethod.ContainingType) && call.Arguments.Length == 1:
                    return Dimension(tensor, call.Arguments[0].Value, operation, text, location);

                case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: IPropertyReferenceOperation { Property.Name: "Shape", Instance: { } tensor } shape } index
                    when IsTensor(shape.Property.ContainingType) && index.Arguments.Length == 1:
                    return Dimension(tensor, index.Arguments[0].Value, operation, text, location);

                // x.Shape[^1]: a dim counted from the end.
                case IImplicitIndexerReferenceOperation { Instance: IPropertyReferenceOperation { Property.Name: "Shape", Instance: { } tensor } shape } fromEnd
                    when IsTensor(shape.Property.ContainingType) && ValueParser.Unwrap(fromEnd.Argument) is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } hat
                         && hat.Operand.ConstantValue is { HasValue: true, Value: int back } && back >= 1:
                    return DimensionAt(tensor, -back, operation, text, location);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product:
                {
                    var factors = new List<ValueSpec>();
                    foreach (var operand in new[] { product.LeftOperand, product.RightOperand })
                    {
                        // A factor that reads no size is a constant: a literal, a const, or a static readonly field.
                        var factor = MentionsSize(operand) ? SizeValue(operand) : ValueParser.Parse(operand, _moduleType);
                        if (factor is null) return null;
                        if (factor.Kind != ValueKind.Size && !factor.IsInteger)
                            return SizeProblem(operand.Syntax, operand.Syntax.ToString(), "a size can only be multiplied by sizes and integer constants");
                        factors.Add(factor);
                    }

                    return ValueSpec.Size(factors[0].Number * factors[1].Number, factors.SelectMany(f => f.Sizes).ToEquatableArray(), text, location);
                }

                default:
                    return SizeProblem(operation.Syntax, text, SizeHelp);
            }
        }

        /// <summary><c>tensor.Size(dim)</c> / <c>tensor.Shape[dim]</c>: the dim a constant, the tensor a value Forward already computed.</summary>
        private ValueSpec? Dimension(IOperation tensor, IOperation dim, IOperation operation, string text, LocationInfo? location)
        {
            if (!dim.ConstantValue.HasValue || dim.ConstantValue.Value is not int d)
                return SizeProblem(dim.Syntax, dim.Syntax.ToString(), "the dimension whose size is read must be a constant");
            return DimensionAt(tensor, d, operation, text, location);
        }

        private ValueSpec? DimensionAt(IOperation tensor, int dim, IOperation operation, string text, LocationInfo? location)
        {
            int? id = TensorValue(tensor);
            if (id is null) return SizeProblem(operation.Syntax, text, "sizes are read from an input or a local of Forward (store the tensor in a local first)");
            return ValueSpec.Size(1, new EquatableArray<TensorDim>(new[] { new TensorDim(id.Value, dim, text, location) }), text, location);
        }

        /// <summary>The step that computed an input or a tensor local, or null for any other expression.</summary>
        private int? TensorValue(IOperation tensor) => ValueParser.Unwrap(tensor) switch
        {
            IParameterReferenceOperation p when _values.TryGetValue(p.Parameter, out int pid) => pid,
            ILocalReferenceOperation l when _values.TryGetValue(l.Local, out int lid) => lid,
            _ => null,
        };

        private ValueSpec? SizeProblem(SyntaxNode syntax, string text, string why)
        {
            Unsupported(syntax, text, why, expression: true);
            return null;
        }

        /// <summary>
        /// An int local holding a size or a constant, to use in View/Reshape arguments: recorded (or reported, when a
        /// size is malformed) and true; false when it holds something else.
        /// </summary>
        private bool TryAssignSize(ILocalSymbol local, IOperation value)
        {
            if (local.Type.SpecialType is not (SpecialType.System_Int32 or SpecialType.System_Int64)) return false;
            if (value.ConstantValue.HasValue)
            {
                _sizes[local] = ValueParser.Parse(value, _moduleType);
                return true;
            }

            if (!MentionsSize(value)) return false;
            if (SizeValue(value) is { } size) _sizes[local] = size;
            return true;
        }
    }
}
