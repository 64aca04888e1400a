// WebApplicationFactory<Program> needs a public entry-point type; top-level statements make Program internal.
public partial class Program;
