using System.Globalization;
using Npgsql;

namespace EventSourced.Web.Tests.Infrastructure;

/// <summary>
/// SQL straight to a database, around the application: what a test reads to check where rows landed, or
/// writes as someone with the database's password would (<see cref="TamperAsync"/>).
/// </summary>
public static class DirectSql
{
    public static async Task ExecuteAsync(string connectionString, string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of the first row, as a number (a count, a sequence).</summary>
    public static async Task<long> NumberAsync(string connectionString, string sql, params object[] parameters) =>
        Convert.ToInt64(await ScalarAsync(connectionString, sql, parameters), CultureInfo.InvariantCulture);

    public static async Task<string> TextAsync(string connectionString, string sql, params object[] parameters) =>
        Convert.ToString(await ScalarAsync(connectionString, sql, parameters), CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>A write with the append-only triggers bypassed, as only someone with the database's password could.</summary>
    public static Task TamperAsync(string connectionString, string sql) =>
        ExecuteAsync(connectionString, "set session_replication_role = replica; " + sql + "; set session_replication_role = origin;");

    private static async Task<object?> ScalarAsync(string connectionString, string sql, object[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
