package dev.cogwheel.plugins.xp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LevelCurveTest {

  @Test
  void eachLevelTakesFiveNSquaredPlusFiftyNPlusAHundredMore() {
    assertThat(LevelCurve.totalXp(0)).isZero();
    assertThat(LevelCurve.totalXp(1)).isEqualTo(100);
    assertThat(LevelCurve.totalXp(2)).isEqualTo(255);
    assertThat(LevelCurve.totalXp(3)).isEqualTo(475);
    for (int level = 0; level < 200; level++) {
      assertThat(LevelCurve.totalXp(level + 1) - LevelCurve.totalXp(level)).isEqualTo(LevelCurve.xpToNext(level));
    }
  }

  @Test
  void theLevelIsReachedExactlyAtItsTotal() {
    assertThat(LevelCurve.level(0)).isZero();
    assertThat(LevelCurve.level(99)).isZero();
    assertThat(LevelCurve.level(100)).isEqualTo(1);
    assertThat(LevelCurve.level(254)).isEqualTo(1);
    assertThat(LevelCurve.level(255)).isEqualTo(2);
    assertThat(LevelCurve.level(LevelCurve.totalXp(57))).isEqualTo(57);
    assertThat(LevelCurve.level(Long.MAX_VALUE)).isEqualTo(LevelCurve.MAX_LEVEL);
  }
}
