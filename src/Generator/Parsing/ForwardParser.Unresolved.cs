using System.Collections.Generic;
using System.Linq;
using GraphGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace GraphGen.Generator.Parsing
{
    /// <summary>
    /// What does not bind in the generator's view of the compilation (which lacks the generated code), and
    /// how unsupported constructs are described in messages.
    /// </summary>
    internal sealed partial class ForwardParser
    {
        /// <summary>
        /// <c>block.Call(x)</c> on a [Module] child: the generator sees the compilation without generated code, so
        /// the child's Call (from its generated Module base) does not bind yet, nor does a layer call that takes
        /// its result (<c>head.Call(block.Call(x))</c>). Recognised by syntax instead.
        /// </summary>
        private string? ChildModuleCall(InvocationExpressionSyntax call)
        {
            if (call.Expression is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Call" or "Forward" } access) return null;
            var receiver = access.Expression is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } self ? self.Name : access.Expression;
            if (receiver is not IdentifierNameSyntax) return null;
            return _model.GetSymbolInfo(receiver, _ct).Symbol is IFieldSymbol f && _layerFields.Contains(f.Name) ? f.Name : null;
        }

        private int ParseChildModuleCall(InvocationExpressionSyntax call, string fieldName, string text, LocationInfo? location)
        {
            var inputs = new List<int>();
            foreach (var argument in call.ArgumentList.Arguments)
            {
                if (_model.GetOperation(argument.Expression, _ct) is not { } value) return Unresolved(argument.Expression, argument.Expression.ToString());
                if (!IsLayerArgument(value))
                {
                    Unsupported(argument, argument.ToString(), "a layer takes tensor arguments only", expression: true);
                    return -1;
                }

                int id = ParseExpression(value);
                if (id < 0) return -1;
                inputs.Add(id);
            }

            return Add(ForwardOpKind.LayerCall, fieldName, inputs.ToArray(), EquatableArray<ArgSpec>.Empty, text, location);
        }

        /// <summary>
        /// An F.* or Tensor method call that does not bind in the generator's view, typically because an
        /// argument is a member the generated Module base adds (<c>F.Dropout(h, 0.2, Training)</c>): the
        /// single candidate method, read by syntax.
        /// </summary>
        private IMethodSymbol? UnresolvedCandidate(InvocationExpressionSyntax call)
        {
            var candidates = _model.GetSymbolInfo(call, _ct).CandidateSymbols.OfType<IMethodSymbol>().ToList();
            if (candidates.Count != 1) return null;
            var m = candidates[0];
            bool functional = m.IsStatic && _types.Functional is not null && SymbolEqualityComparer.Default.Equals(m.ContainingType, _types.Functional);
            bool tensorMethod = !m.IsStatic && IsTensor(m.ContainingType) && call.Expression is MemberAccessExpressionSyntax;
            return functional || tensorMethod ? m : null;
        }

        private int ParseUnresolvedCall(InvocationExpressionSyntax call, IMethodSymbol method, string text, LocationInfo? location)
        {
            var tensorInputs = new List<int>();
            if (!method.IsStatic)
            {
                var receiver = _model.GetOperation(((MemberAccessExpressionSyntax)call.Expression).Expression, _ct);
                int id = receiver is null ? -1 : ParseExpression(receiver);
                if (id < 0) return Unresolved(call, text);
                tensorInputs.Add(id);
            }

            var given = new Dictionary<IParameterSymbol, List<ExpressionSyntax>>(SymbolEqualityComparer.Default);
            var arguments = call.ArgumentList.Arguments;
            for (int i = 0; i < arguments.Count; i++)
            {
                var a = arguments[i];
                var parameter = a.NameColon is { } named
                    ? method.Parameters.FirstOrDefault(p => p.Name == named.Name.Identifier.ValueText)
                    : i < method.Parameters.Length ? method.Parameters[i] : method.Parameters.LastOrDefault(p => p.IsParams);
                if (parameter is null) return Unresolved(call, text);
                if (!given.TryGetValue(parameter, out var list)) given[parameter] = list = new List<ExpressionSyntax>();
                list.Add(a.Expression);
            }

            var args = new List<ArgSpec>();
            foreach (var parameter in method.Parameters)
            {
                if (!given.TryGetValue(parameter, out var expressions))
                {
                    if (parameter.HasExplicitDefaultValue && !IsTensor(parameter.Type))
                        args.Add(new ArgSpec(parameter.Name, new EquatableArray<ValueSpec>(new[] { ValueParser.FromConstant(parameter.ExplicitDefaultValue, location) })));
                    continue;
                }

                var operations = expressions.Select(e => _model.GetOperation(e, _ct)).ToList();
                if (operations.Any(o => o is null)) return Unresolved(call, text);
                if (IsTensor(parameter.Type))
                {
                    int id = ParseExpression(operations[0]!);
                    if (id < 0) return -1;
                    tensorInputs.Add(id);
                }
                else
                {
                    var values = operations.Select(o => ForwardValue(o!)).ToList();
                    if (values.Any(v => v is null)) return -1;
                    args.Add(new ArgSpec(parameter.Name, values.Select(v => v!).ToEquatableArray()));
                }
            }

            return Add(method.IsStatic ? ForwardOpKind.Function : ForwardOpKind.Method, method.Name, tensorInputs.ToArray(), args.ToEquatableArray(), text, location);
        }

        /// <summary>
        /// Something that does not bind. Syntax errors are the compiler's to report; anything else is reported
        /// here too, because a member the generated code would add cannot be assumed to make it valid.
        /// </summary>
        private int Unresolved(SyntaxNode syntax, string text)
        {
            if (syntax.ContainsDiagnostics)
            {
                _failed = true;
                return -1;
            }

            Unsupported(syntax, text, "the generator cannot resolve it to a layer call, an F.* function or a Tensor method", expression: true);
            return -1;
        }

        private static string DescribeStatement(SyntaxNode syntax) => syntax.Kind() switch
        {
            SyntaxKind.ForStatement => "A 'for' loop",
            SyntaxKind.ForEachStatement or SyntaxKind.ForEachVariableStatement => "A 'foreach' loop",
            SyntaxKind.WhileStatement => "A 'while' loop",
            SyntaxKind.DoStatement => "A 'do' loop",
            SyntaxKind.IfStatement => "An 'if' statement (the graph must not depend on data or flags)",
            SyntaxKind.SwitchStatement => "A 'switch' statement",
            SyntaxKind.TryStatement => "A 'try' statement",
            SyntaxKind.UsingStatement => "A 'using' statement",
            SyntaxKind.LockStatement => "A 'lock' statement",
            SyntaxKind.ThrowStatement => "A 'throw' statement",
            SyntaxKind.LocalFunctionStatement => "A local function",
            SyntaxKind.ReturnStatement => "A 'return' without a value",
            SyntaxKind.ExpressionStatement => $"The statement '{Shorten(syntax.ToString())}' (its value is not used)",
            _ => $"The statement '{Shorten(syntax.ToString())}'",
        };

        private string Describe(IOperation operation) => operation switch
        {
            IConditionalOperation => "a conditional expression makes the graph depend on a value",
            ICoalesceOperation => "a '??' expression makes the graph depend on a value",
            IFieldReferenceOperation f when IsTensor(f.Field.Type) =>
                $"the Tensor field '{f.Field.Name}' is not part of the compiled graph; a learnable weight belongs in a layer (a Linear, or a [Module] child), a fixed factor can be a constant (x * 0.5f)",
            IFieldReferenceOperation f => $"the field '{f.Field.Name}' is not a layer (only layer fields can be used, by calling them)",
            IPropertyReferenceOperation { Instance: IFieldReferenceOperation layer } p when _layerFields.Contains(layer.Field.Name) =>
                $"a layer's parameters are used by calling the layer ({layer.Field.Name}.Call(x)), not read in Forward",
            IPropertyReferenceOperation p when IsTensor(p.Property.Type) =>
                $"the Tensor property '{p.Property.Name}' is not part of the compiled graph; a learnable weight belongs in a layer (a Linear, or a [Module] child), a fixed factor can be a constant (x * 0.5f)",
            IPropertyReferenceOperation p => $"the property '{p.Property.Name}' is not a tensor the graph knows",
            IObjectCreationOperation => "creating objects inside Forward is not part of a static graph (create layers as fields)",
            ILiteralOperation => "a constant can only scale or shift a tensor (x * 2, x + 1)",
            IBinaryOperation => "only + - * / between tensors, or between a tensor and a constant, are compiled",
            _ => "the generator cannot see through it",
        };

        private string DescribeCall(IInvocationOperation invocation)
        {
            var m = invocation.TargetMethod;
            var receiver = invocation.Instance is null ? null : ValueParser.Unwrap(invocation.Instance);
            if (receiver is IPropertyReferenceOperation { Property: { IsIndexer: false } p } && _types.IsLayerType(p.Type))
                return $"the layer '{p.Name}' is a property; declare layers as fields (private readonly {p.Type.Name} {char.ToLowerInvariant(p.Name[0])}{p.Name.Substring(1)} = new(..)) so that they are registered and compiled";
            if (receiver is IFieldReferenceOperation { Field: { } f } && _types.IsLayerType(f.Type))
                return $"the layer '{f.Name}' is not a layer field of this module (only its own instance fields are compiled)";
            return $"'{m.ContainingType?.Name}.{m.Name}' is neither a layer call, an F.* function nor a Tensor method";
        }
    }
}
