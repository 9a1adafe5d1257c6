using System;

namespace GraphGen
{
    /// <summary>
    /// What the generator knows about a [Module] class, written by the generator on its generated part so
    /// that GraphGen's call-site analyzers can check how the module is used (its loss, its train/eval mode,
    /// constant constructor arguments). Not meant to be written by hand.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, Inherited = false, AllowMultiple = false)]
    public sealed class ModuleFactsAttribute : Attribute
    {
        /// <summary>What Forward returns.</summary>
        public ModuleOutput Output { get; set; }

        /// <summary>The output's last dimension when it is a constant; 0 when it is not known at compile time.</summary>
        public int OutputFeatures { get; set; }

        /// <summary>The module holds a Dropout (a layer, or F.Dropout following the Training flag) that behaves differently in evaluation.</summary>
        public bool HasDropout { get; set; }

        /// <summary>
        /// The shape constraints on the constructor's parameters, one per entry: <c>left == right</c>, each side a
        /// product of a constant and parameter names (<c>2*hidden == numInputs</c>), then <c>: </c> and the message
        /// reported when it fails, with each side written as <c>{left}</c>/<c>{right}</c>.
        /// </summary>
        public string[] Constraints { get; set; } = Array.Empty<string>();
    }
}
