using System.Linq;

namespace GraphGen.Generator.Emit
{
    /// <summary>
    /// Writes <c>{Type}.Module.g.cs</c>: the Module base class, the registration of the layer fields as
    /// children under their field names (PyTorch's naming, so state-dict keys match), the module's name,
    /// and the documentation of its parameters. No reflection: AOT-safe.
    /// </summary>
    internal static class ModulePlumbingEmitter
    {
        /// <summary>
        /// The base's registration hook. The user's constructor assigns the fields after any code the generator
        /// can add to it runs, so registration happens when the base first needs its children.
        /// </summary>
        public const string RegistrationHook = "RegisterMembers";

        public const string FirstUseChecks = "CheckShapesOnFirstUse";

        public static string Emit(ModuleEmitModel model)
        {
            var w = new SourceWriter();
            int blocks = GeneratedFile.Open(w, model, $"GraphGen: the Module plumbing of {model.FullName} (base class, children, name).",
                " : global::GraphGen.Nn.Module");

            if (model.Parameters.Count > 0)
            {
                w.Line("// Parameters in state-dict order (PyTorch's keys; sizes as the constructor writes them):");
                int width = model.Parameters.Max(p => p.Key.Length);
                foreach (var p in model.Parameters) w.Line($"//   {p.Key.PadRight(width)}  {p.Shape}");
                w.Line();
            }

            w.Line("/// <summary>");
            w.Line("/// Registers the layer fields as child modules, in declaration order, under their field names. The");
            w.Line("/// base calls this once, before the module is first used, when the constructor has assigned them.");
            w.Line("/// </summary>");
            using (w.OpenBlock($"protected override void {RegistrationHook}()"))
            {
                foreach (var field in model.Registrations) w.Line($"RegisterModule({GeneratedFile.Literal(field)}, this.{field});");
                w.Line($"{FirstUseChecks}();");
            }

            w.Line();
            w.Line("/// <summary>Shape checks that only run time can decide (sizes given as constructor parameters); part of the compiled code.</summary>");
            w.Line($"partial void {FirstUseChecks}();");
            if (model.EmitGetName)
            {
                w.Line();
                w.Line("/// <inheritdoc />");
                w.Line($"public override string GetName() => {GeneratedFile.Literal(model.Name)};");
            }
            GeneratedFile.Close(w, blocks);
            return w.ToString();
        }
    }
}
