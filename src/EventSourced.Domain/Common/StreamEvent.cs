namespace EventSourced.Domain.Common;

/// <summary>An event together with the stream it belongs to, for decisions that touch several streams.</summary>
public sealed record StreamEvent(Guid StreamId, object Event);
