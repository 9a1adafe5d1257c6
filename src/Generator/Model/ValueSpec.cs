using System.Globalization;

namespace GraphGen.Generator.Model
{
    internal enum ValueKind
    {
        /// <summary>A compile-time constant: a literal, a const, or a default parameter value.</summary>
        Constant,

        /// <summary>A parameter of the module's constructor (or primary constructor), known at run time.</summary>
        Parameter,

        /// <summary>
        /// Sizes of Forward's tensors times a constant (<c>x.Size(0)</c>, <c>h.Shape[1] * 2</c>): <see cref="ValueSpec.Number"/>
        /// is the constant, <see cref="ValueSpec.Sizes"/> the sizes multiplied. Known once the graph's shapes are.
        /// </summary>
        Size,

        /// <summary>Anything else (a method call, a field, arithmetic on parameters): cannot be analysed.</summary>
        Unanalysable,
    }

    /// <summary>
    /// One argument value as the generator sees it. <see cref="Text"/> is how it reads: the parameter's
    /// name, the constant's value ("5", "0.3", "true", or a string's contents) or the unanalysable source text.
    /// <see cref="Number"/> is the numeric value of a numeric or bool constant (NaN for strings), or a size's constant factor.
    /// </summary>
    internal sealed record ValueSpec(ValueKind Kind, double Number, string Text, LocationInfo? Location, EquatableArray<TensorDim> Sizes = default)
    {
        public bool IsConstant => Kind == ValueKind.Constant;

        public bool IsBool => IsConstant && (Text == "true" || Text == "false");

        public bool IsNumber => IsConstant && !double.IsNaN(Number) && !IsBool;

        public bool IsInteger => IsNumber && Number == System.Math.Floor(Number) && System.Math.Abs(Number) < int.MaxValue;

        public static ValueSpec Constant(double number, string text, LocationInfo? location) => new(ValueKind.Constant, number, text, location);

        public static ValueSpec Parameter(string name, LocationInfo? location) => new(ValueKind.Parameter, 0, name, location);

        public static ValueSpec Size(double factor, EquatableArray<TensorDim> sizes, string text, LocationInfo? location) =>
            new(ValueKind.Size, factor, text, location, sizes);

        public static ValueSpec Unanalysable(string text, LocationInfo? location) => new(ValueKind.Unanalysable, 0, text, location);

        public static string FormatNumber(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>A named argument of a constructor or call; a params array has one value per element.</summary>
    internal sealed record ArgSpec(string Name, EquatableArray<ValueSpec> Values)
    {
        public ValueSpec Value => Values[0];
    }
}
