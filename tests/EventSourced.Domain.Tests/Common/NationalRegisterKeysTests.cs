using EventSourced.Domain.Common;

namespace EventSourced.Domain.Tests.Common;

public class NationalRegisterKeysTests
{
    private const string HaNoi = "hanoi";
    private const string HaiPhong = "haiphong";

    private static NationalHolder HeldBy(string province, bool pastInFlight = false) => new(province, Guid.NewGuid(), pastInFlight);

    [Fact]
    public void a_citizen_id_another_province_holds_is_refused() =>
        NationalRegisterKeys.Decide(HaiPhong, HeldBy(HaNoi), HolderStanding.Held).ShouldBe(NationalClaim.Refuse);

    [Fact]
    public void a_citizen_id_another_province_holds_is_refused_however_old_its_reservation() =>
        NationalRegisterKeys.Decide(HaiPhong, HeldBy(HaNoi, pastInFlight: true), HolderStanding.Held).ShouldBe(NationalClaim.Refuse);

    [Fact]
    public void a_member_the_other_province_transferred_out_brings_the_citizen_id_along() =>
        NationalRegisterKeys.Decide(HaiPhong, HeldBy(HaNoi), HolderStanding.Left).ShouldBe(NationalClaim.TakeOver);

    [Fact]
    public void a_reservation_the_other_province_is_still_writing_is_respected() =>
        NationalRegisterKeys.Decide(HaiPhong, HeldBy(HaNoi), HolderStanding.NotHeld).ShouldBe(NationalClaim.Refuse);

    [Fact]
    public void a_reservation_whose_write_never_committed_lapses_after_the_longest_write() =>
        NationalRegisterKeys.Decide(HaiPhong, HeldBy(HaNoi, pastInFlight: true), HolderStanding.NotHeld).ShouldBe(NationalClaim.TakeOver);

    [Theory]
    [InlineData(HolderStanding.Held)]
    [InlineData(HolderStanding.Left)]
    [InlineData(HolderStanding.NotHeld)]
    public void a_key_the_province_itself_holds_is_left_to_its_own_register(HolderStanding standing) =>
        NationalRegisterKeys.Decide(HaNoi, HeldBy(HaNoi), standing).ShouldBe(NationalClaim.OwnProvince);

    [Theory]
    [InlineData(HolderStanding.Held, false, NationalClaim.Refuse)]
    [InlineData(HolderStanding.Left, false, NationalClaim.TakeOver)]
    [InlineData(HolderStanding.NotHeld, false, NationalClaim.Refuse)]
    [InlineData(HolderStanding.NotHeld, true, NationalClaim.TakeOver)]
    public void a_card_number_another_province_holds_is_decided_as_a_citizen_id_is(HolderStanding standing, bool pastInFlight, NationalClaim claim) =>
        NationalRegisterKeys.Decide(HaiPhong, HeldBy(HaNoi, pastInFlight), standing).ShouldBe(claim);

    [Fact]
    public void citizen_ids_and_card_numbers_are_national_and_unit_codes_stay_the_province_s()
    {
        NationalRegisterKeys.National(RegisterKeys.CitizenId("001 090.012-345")).ShouldBe("citizen-id:001090012345");
        NationalRegisterKeys.National(RegisterKeys.Card("hn 100 001")).ShouldBe("card:HN100001");
        NationalRegisterKeys.National(RegisterKeys.UnitCode("HN-BD")).ShouldBeNull();
        NationalRegisterKeys.National(RegisterKeys.CitizenId("000000000000")).ShouldBeNull();
    }

    [Fact]
    public void a_citizen_id_held_elsewhere_is_refused_with_the_rule_of_a_taken_citizen_id() =>
        NationalRegisterKeys.Taken(RegisterKeys.CitizenId("001090012345")!).Code.ShouldBe("Register.CitizenIdTaken");

    [Fact]
    public void a_card_number_held_elsewhere_is_refused_with_the_rule_of_a_taken_card_number() =>
        NationalRegisterKeys.Taken(RegisterKeys.Card("HN100001")!).Code.ShouldBe("Register.CardNumberTaken");
}
