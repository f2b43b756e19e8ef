using Npgsql;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>Wolverine's scheduled messages as its durable inbox stores them: when each is set to run.</summary>
public static class ScheduledMessages
{
    /// <summary>
    /// The run times of the scheduled messages whose type name ends with <paramref name="messageType"/> (any case), and
    /// whose body names <paramref name="naming"/> when given (a transfer's or an upload's id).
    /// </summary>
    public static async Task<List<DateTimeOffset>> RunTimesAsync(string connectionString, string messageType, Guid? naming = null)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "select execution_time from wolverine_incoming_envelopes where lower(message_type) like '%' || lower($1) and status = 'Scheduled' and ($2 = '' or position(convert_to($2, 'UTF8') in body) > 0)",
            connection);
        command.Parameters.Add(new NpgsqlParameter { Value = messageType });
        command.Parameters.Add(new NpgsqlParameter { Value = naming?.ToString() ?? string.Empty });
        var scheduled = new List<DateTimeOffset>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            scheduled.Add(new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(0), DateTimeKind.Utc)));
        }

        return scheduled;
    }
}
