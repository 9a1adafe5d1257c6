using System.Collections.Generic;
using System.Linq;
using System.Threading;
using GraphGen.Generator.Diagnostics;
using GraphGen.Generator.Model;
using GraphGen.Generator.Ops;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GraphGen.Generator.Parsing
{
    /// <summary>
    /// Reads Forward's body into single-assignment steps (<see cref="ForwardOp"/>). It recognises only what
    /// the compiler can turn into a static graph; anything else is a GG0201/GG0202 diagnostic that says
    /// what is allowed. Which F.*/Tensor methods exist as ops is decided later, by the graph builder.
    /// </summary>
    internal sealed partial class ForwardParser
    {
        private readonly SemanticModel _model;
        private readonly KnownTypes _types;
        private readonly INamedTypeSymbol _moduleType;
        private readonly HashSet<string> _layerFields;
        private readonly List<DiagnosticInfo> _diagnostics;
        private readonly CancellationToken _ct;
        private readonly List<ForwardOp> _ops = new();
        private readonly Dictionary<ISymbol, int> _values = new(SymbolEqualityComparer.Default);
        private bool _failed;

        public ForwardParser(SemanticModel model, KnownTypes types, INamedTypeSymbol moduleType, List<LayerFieldSpec> fields,
            List<DiagnosticInfo> diagnostics, CancellationToken ct)
        {
            _model = model;
            _types = types;
            _moduleType = moduleType;
            _layerFields = new HashSet<string>(fields.Select(f => f.Name));
            _diagnostics = diagnostics;
            _ct = ct;
        }

        public ForwardSpec? Parse(IMethodSymbol method, MethodDeclarationSyntax syntax)
        {
            foreach (var p in method.Parameters)
                _values[p] = Add(ForwardOpKind.Input, p.Name, new int[0], InputShape(p), p.Name, LocationInfo.From(p.Locations.FirstOrDefault() ?? Location.None));

            if (_model.GetOperation(syntax, _ct) is not IMethodBodyOperation body) return null;
            var block = body.BlockBody ?? body.ExpressionBody;
            if (block is null) return null;

            int? result = null;
            foreach (var statement in block.Operations)
            {
                _ct.ThrowIfCancellationRequested();
                if (result is not null)
                {
                    Unsupported(statement.Syntax, "A statement after 'return'");
                    break;
                }

                result = ParseStatement(statement);
                if (_failed) return null;
            }

            if (result is null)
            {
                if (!_failed && !syntax.ContainsDiagnostics)
                    _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedStatement, LocationInfo.From(syntax.Identifier),
                        "A Forward without a 'return' of a tensor", DiagnosticDescriptors.AllowedInForward));
                return null;
            }

            return new ForwardSpec(method.Parameters.Select(p => p.Name).ToEquatableArray(), _ops.ToEquatableArray(), result.Value,
                LocationInfo.From(syntax.Identifier));
        }

        /// <summary>Handles one statement; returns the id of the returned value for a return statement.</summary>
        private int? ParseStatement(IOperation statement)
        {
            switch (statement)
            {
                case IVariableDeclarationGroupOperation group:
                    foreach (var declaration in group.Declarations)
                    foreach (var declarator in declaration.Declarators)
                    {
                        var init = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                        if (init is null)
                        {
                            Unsupported(declarator.Syntax, $"The local '{declarator.Symbol.Name}' declared without a value");
                            return null;
                        }

                        if (!IsTensor(declarator.Symbol.Type) && declarator.Symbol.Type.TypeKind != TypeKind.Error)
                        {
                            if (TryAssignSize(declarator.Symbol, init) || TryDeclareLayerLocal(declarator.Symbol, init)) continue;
                            Unsupported(declarator.Syntax, $"The {declarator.Symbol.Type.ToDisplayString()} local '{declarator.Symbol.Name}' (only Tensor locals, int locals holding a size such as x.Size(0) or a constant, and locals naming a layer such as pipe[0], are)");
                            return null;
                        }

                        int id = ParseExpression(init);
                        if (id < 0) return null;
                        _values[declarator.Symbol] = id;
                    }

                    return null;

                case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation sizeLocal } sizeAssignment }
                    when !IsTensor(sizeLocal.Local.Type) && sizeLocal.Local.Type.TypeKind != TypeKind.Error:
                    if (!TryAssignSize(sizeLocal.Local, sizeAssignment.Value)) Unsupported(statement.Syntax, DescribeStatement(statement.Syntax));
                    return null;

                case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation assignment }
                    when assignment.Target is ILocalReferenceOperation or IParameterReferenceOperation:
                {
                    int id = ParseExpression(assignment.Value);
                    if (id < 0) return null;
                    var target = assignment.Target is ILocalReferenceOperation l ? (ISymbol)l.Local : ((IParameterReferenceOperation)assignment.Target).Parameter;
                    _values[target] = id;
                    return null;
                }

                case IReturnOperation { ReturnedValue: { } value }:
                {
                    int id = ParseExpression(value);
                    return id < 0 ? null : id;
                }

                case IInvalidOperation:
                    Unresolved(statement.Syntax, statement.Syntax.ToString());
                    return null;

                default:
                    Unsupported(statement.Syntax, DescribeStatement(statement.Syntax));
                    return null;
            }
        }

        /// <summary>Returns the id of the step computing <paramref name="operation"/>, or -1 after reporting why it cannot.</summary>
        private int ParseExpression(IOperation operation)
        {
            _ct.ThrowIfCancellationRequested();
            if (_failed) return -1;
            var location = LocationInfo.From(operation.Syntax);
            string text = operation.Syntax.ToString();
            switch (operation)
            {
                case IConversionOperation conversion when IsTensor(conversion.Operand.Type) || conversion.Operand is IInvalidOperation:
                    return ParseExpression(conversion.Operand);

                case IParameterReferenceOperation p when _values.TryGetValue(p.Parameter, out int pid):
                    return pid;

                case ILocalReferenceOperation l when _values.TryGetValue(l.Local, out int lid):
                    return lid;

                case IInvocationOperation invocation:
                    return ParseInvocation(invocation, text, location);

                case IBinaryOperation binary when binary.OperatorMethod is { } m && IsTensor(m.ContainingType) && BinarySymbol(binary.OperatorKind) is { } symbol:
                {
                    bool leftTensor = IsTensor(binary.LeftOperand.Type), rightTensor = IsTensor(binary.RightOperand.Type);
                    var inputs = new List<int>();
                    var args = new List<ArgSpec>();
                    foreach (var (operand, isTensor, name) in new[] { (binary.LeftOperand, leftTensor, "scalarLeft"), (binary.RightOperand, rightTensor, "scalarRight") })
                    {
                        if (isTensor) inputs.Add(ParseExpression(operand));
                        else if (Scalar(name, operand) is { } scalar) args.Add(scalar);
                        else return -1;
                    }

                    if (inputs.Any(i => i < 0)) return -1;
                    return Add(ForwardOpKind.Binary, symbol, inputs.ToArray(), args.ToEquatableArray(), text, location);
                }

                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } unary when IsTensor(unary.Operand.Type):
                {
                    int operand = ParseExpression(unary.Operand);
                    return operand < 0 ? -1 : Add(ForwardOpKind.Negate, "-", new[] { operand }, EquatableArray<ArgSpec>.Empty, text, location);
                }

                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Plus } plus when IsTensor(plus.Operand.Type):
                    return ParseExpression(plus.Operand);

                case IInvalidOperation when operation.Syntax is InvocationExpressionSyntax call && ChildModuleCall(call) is { } fieldName:
                    return ParseChildModuleCall(call, fieldName, text, location);

                case IInvalidOperation when operation.Syntax is InvocationExpressionSyntax call && UnresolvedCandidate(call) is { } candidate:
                    return ParseUnresolvedCall(call, candidate, text, location);

                case IInvalidOperation:
                    return Unresolved(operation.Syntax, text);

                default:
                    if (HasErrors(operation)) return Unresolved(operation.Syntax, text);
                    Unsupported(operation.Syntax, text, Describe(operation), expression: true);
                    return -1;
            }
        }

        private int ParseInvocation(IInvocationOperation invocation, string text, LocationInfo? location)
        {
            var method = invocation.TargetMethod;
            // fc1.Call(x) / fc1.Forward(x) on a layer field of this module, or pipe[0].Call(x) on one of a Sequential's layers.
            var layer = invocation.Instance is null ? null : LayerReference(invocation.Instance);
            if (layer is { } target)
            {
                if (target.Indices is null) return -1; // a malformed index (reported)
                if (method.Name is not ("Call" or "Forward"))
                {
                    Unsupported(invocation.Syntax, text, $"the layer '{target.Field}' can only be called with Call(..) or Forward(..)", expression: true);
                    return -1;
                }

                var inputs = new List<int>();
                foreach (var argument in invocation.Arguments)
                {
                    if (!IsLayerArgument(argument.Value)) { Unsupported(argument.Syntax, argument.Syntax.ToString(), "a layer takes tensor arguments only", expression: true); return -1; }
                    int id = ParseExpression(argument.Value);
                    if (id < 0) return -1;
                    inputs.Add(id);
                }

                var indices = target.Indices.Count == 0 ? EquatableArray<ArgSpec>.Empty
                    : new EquatableArray<ArgSpec>(new[] { new ArgSpec(LayerIndexArgument, target.Indices.ToEquatableArray()) });
                return Add(ForwardOpKind.LayerCall, target.Field, inputs.ToArray(), indices, text, location);
            }

            // F.Cat(..) and the static Tensor methods that are the same op (Tensor.Cat) are functions.
            bool functional = method.IsStatic && (_types.Functional is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType, _types.Functional)
                || IsTensor(method.ContainingType) && OpRegistry.ForFunction(method.Name) is not null);
            bool tensorMethod = !method.IsStatic && IsTensor(method.ContainingType);
            if (!functional && !tensorMethod)
            {
                if (HasErrors(invocation)) return Unresolved(invocation.Syntax, text);
                Unsupported(invocation.Syntax, text, DescribeCall(invocation), expression: true);
                return -1;
            }

            var tensorInputs = new List<int>();
            if (tensorMethod)
            {
                if (invocation.Instance is null) return -1;
                int receiver = ParseExpression(invocation.Instance);
                if (receiver < 0) return -1;
                tensorInputs.Add(receiver);
            }

            var args = new List<ArgSpec>();
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is null) continue;
                if (IsTensor(argument.Parameter.Type) || IsTensor(argument.Value.Type))
                {
                    if (argument.Value.ConstantValue is { HasValue: true, Value: null }) continue; // an explicit null (optional tensor)
                    int id = ParseExpression(argument.Value);
                    if (id < 0) return -1;
                    tensorInputs.Add(id);
                }
                else if (IsTensorList(argument.Parameter.Type))
                {
                    // F.Cat(new[] { a, b }, 1) and Tensor.Cat([a, b], 1): each element is an input, in order.
                    if (ArrayElements(argument.Value) is not { } tensors)
                    {
                        Unsupported(argument.Syntax, argument.Syntax.ToString(), "a list of tensors must be written out in place (new[] { a, b } or [a, b])", expression: true);
                        return -1;
                    }

                    foreach (var element in tensors)
                    {
                        int id = ParseExpression(element);
                        if (id < 0) return -1;
                        tensorInputs.Add(id);
                    }
                }
                else if (ArrayElements(argument.Value) is { } elements)
                {
                    // x.View(-1, 784), x.View(new[] { -1, 784 }) and x.View([-1, 784]) alike: one value per element.
                    var values = new List<ValueSpec>();
                    foreach (var element in elements)
                    {
                        if (ForwardValue(element) is not { } v) return -1;
                        values.Add(v);
                    }

                    args.Add(new ArgSpec(argument.Parameter.Name, values.ToEquatableArray()));
                }
                else if (argument.ArgumentKind == ArgumentKind.DefaultValue && argument.Parameter.HasExplicitDefaultValue)
                {
                    // An omitted argument is its parameter's default (a nullable struct's null default is no constant operation).
                    var value = ValueParser.FromConstant(argument.Parameter.ExplicitDefaultValue, location);
                    args.Add(new ArgSpec(argument.Parameter.Name, new EquatableArray<ValueSpec>(new[] { value })));
                }
                else
                {
                    if (ForwardValue(argument.Value) is not { } value) return -1;
                    args.Add(new ArgSpec(argument.Parameter.Name, new EquatableArray<ValueSpec>(new[] { value })));
                }
            }

            return Add(functional ? ForwardOpKind.Function : ForwardOpKind.Method, method.Name, tensorInputs.ToArray(), args.ToEquatableArray(), text, location);
        }

        private ArgSpec? Scalar(string name, IOperation operand) =>
            ForwardValue(operand) is { } value ? new ArgSpec(name, new EquatableArray<ValueSpec>(new[] { value })) : null;

        private int Add(ForwardOpKind kind, string name, int[] inputs, EquatableArray<ArgSpec> args, string text, LocationInfo? location)
        {
            int id = _ops.Count;
            _ops.Add(new ForwardOp(id, kind, name, new EquatableArray<int>(inputs), args, text, location));
            return id;
        }

        private bool IsTensor(ITypeSymbol? type) => _types.IsTensor(type);

        /// <summary>A parameter that takes several tensors: <c>Tensor[]</c>, <c>IReadOnlyList&lt;Tensor&gt;</c> and the like.</summary>
        private bool IsTensorList(ITypeSymbol type) => type switch
        {
            IArrayTypeSymbol array => IsTensor(array.ElementType),
            INamedTypeSymbol { TypeArguments.Length: 1 } generic => IsTensor(generic.TypeArguments[0]),
            _ => false,
        };

        /// <summary>A tensor, or something that does not bind yet (a [Module] child's Call, parsed by syntax).</summary>
        private bool IsLayerArgument(IOperation value) =>
            IsTensor(value.Type) || ValueParser.Unwrap(value) is IInvalidOperation;

        /// <summary>An input's declared per-sample shape (<c>[Shape(1, 28, 28)]</c>) as a "shape" argument of one value per dimension; none when undeclared.</summary>
        private static EquatableArray<ArgSpec> InputShape(IParameterSymbol parameter)
        {
            foreach (var attribute in parameter.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() != InputShapeArgument.Attribute || attribute.ConstructorArguments.Length != 1) continue;
                var location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax() ?? parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax());
                var dims = attribute.ConstructorArguments[0].Values.Select(v => ValueParser.FromConstant(v.Value, location)).ToEquatableArray();
                return new EquatableArray<ArgSpec>(new[] { new ArgSpec(InputShapeArgument.Name, dims) });
            }

            return EquatableArray<ArgSpec>.Empty;
        }

        /// <summary>The elements of an array argument written out in place (params, <c>new[] { .. }</c>, <c>[..]</c>); null otherwise.</summary>
        private static IEnumerable<IOperation>? ArrayElements(IOperation value) => ValueParser.Unwrap(value) switch
        {
            IArrayCreationOperation { Initializer: { } init } => init.ElementValues,
            ICollectionExpressionOperation collection when collection.Elements.All(e => e is not ISpreadOperation) => collection.Elements,
            ITupleOperation tuple => tuple.Elements, // a (height, width) size: kernelSize: (3, 2)
            _ => null,
        };

        private static bool HasErrors(IOperation operation) =>
            operation is IInvalidOperation || operation.Syntax.ContainsDiagnostics || operation.Descendants().Any(d => d is IInvalidOperation);

        private static string? BinarySymbol(BinaryOperatorKind kind) => kind switch
        {
            BinaryOperatorKind.Add => "+",
            BinaryOperatorKind.Subtract => "-",
            BinaryOperatorKind.Multiply => "*",
            BinaryOperatorKind.Divide => "/",
            _ => null,
        };

        private void Unsupported(SyntaxNode syntax, string what, string? why = null, bool expression = false)
        {
            _failed = true;
            if (expression)
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedExpression, LocationInfo.From(syntax), Shorten(what), why ?? "the generator cannot see through it", DiagnosticDescriptors.AllowedInForward));
            else
                _diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnsupportedStatement, LocationInfo.From(syntax), what, DiagnosticDescriptors.AllowedInForward));
        }

        private static string Shorten(string text)
        {
            text = string.Join(" ", text.Split(new[] { ' ', '\r', '\n', '\t' }, System.StringSplitOptions.RemoveEmptyEntries));
            return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
        }
    }
}
