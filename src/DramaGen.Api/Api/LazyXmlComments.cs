using System.Xml.XPath;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace DramaGen.Api;

/// <summary>
/// The XML comments of the OpenAPI document, read when the document is first generated instead of at start-up
/// (Swashbuckle's own IncludeXmlComments parses the file as soon as its options are built). The parsed docs file and the
/// System.Xml code it needs are about 2 MiB of resident memory (#15) that a process nobody asks for /openapi never uses.
/// </summary>
internal sealed class LazyXmlComments(string path, SwaggerGeneratorOptions options)
    : IOperationFilter, IParameterFilter, IRequestBodyFilter, ISchemaFilter
{
    private readonly Lazy<Filters> _filters = new(() => Filters.Read(path, options));

    public void Apply(OpenApiOperation operation, OperationFilterContext context) => _filters.Value.Operation.Apply(operation, context);

    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context) => _filters.Value.Parameter.Apply(parameter, context);

    public void Apply(IOpenApiRequestBody requestBody, RequestBodyFilterContext context) => _filters.Value.RequestBody.Apply(requestBody, context);

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context) => _filters.Value.Schema.Apply(schema, context);

    private sealed record Filters(XmlCommentsOperationFilter Operation, XmlCommentsParameterFilter Parameter,
        XmlCommentsRequestBodyFilter RequestBody, XmlCommentsSchemaFilter Schema)
    {
        public static Filters Read(string path, SwaggerGeneratorOptions options)
        {
            // The member index Swashbuckle builds from a docs file: <doc><members><member name="...">.
            var members = new XPathDocument(path).CreateNavigator().Select("/doc/members/member").OfType<XPathNavigator>()
                .ToDictionary(member => member.GetAttribute("name", ""));
            return new Filters(new XmlCommentsOperationFilter(members, options), new XmlCommentsParameterFilter(members, options),
                new XmlCommentsRequestBodyFilter(members, options), new XmlCommentsSchemaFilter(members, options));
        }
    }
}
