//! The two figures' outlines, region by region: the data the app draws and a tap is
//! mapped onto (the rules over them are in the parent module).

use skincheck_core::BodySite;

use super::{BodySide, Region, FIGURE_WIDTH};

type Outline<const N: usize> = [(f32, f32); N];

/// The same shape on the other side of the figure's midline.
const fn mirror<const N: usize>(mut outline: Outline<N>) -> Outline<N> {
    let mut i = 0;
    while i < N {
        outline[i].0 = FIGURE_WIDTH - outline[i].0;
        i += 1;
    }
    outline
}

// The outlines. Paired parts are drawn once, on the viewer's left (x < 100), and mirrored;
// both figures share one silhouette, so most outlines serve the front and the back.
const SCALP_TOP: Outline<7> = [
    (78.0, 30.0),
    (81.0, 18.0),
    (90.0, 10.0),
    (100.0, 7.0),
    (110.0, 10.0),
    (119.0, 18.0),
    (122.0, 30.0),
];
const FACE: Outline<7> = [
    (78.0, 30.0),
    (122.0, 30.0),
    (122.0, 54.0),
    (109.0, 71.0),
    (100.0, 74.0),
    (91.0, 71.0),
    (78.0, 54.0),
];
const HEAD_BACK: Outline<12> = [
    (78.0, 30.0),
    (81.0, 18.0),
    (90.0, 10.0),
    (100.0, 7.0),
    (110.0, 10.0),
    (119.0, 18.0),
    (122.0, 30.0),
    (122.0, 54.0),
    (109.0, 71.0),
    (100.0, 74.0),
    (91.0, 71.0),
    (78.0, 54.0),
];
const EAR: Outline<6> = [
    (78.0, 36.0),
    (78.0, 54.0),
    (75.0, 55.0),
    (72.0, 48.0),
    (72.0, 40.0),
    (74.0, 36.0),
];
const NECK: Outline<5> = [
    (91.0, 71.0),
    (100.0, 74.0),
    (109.0, 71.0),
    (111.0, 88.0),
    (89.0, 88.0),
];
/// Shoulders to the bottom of the ribs: the chest, or the upper back.
const UPPER_TRUNK: Outline<10> = [
    (89.0, 88.0),
    (111.0, 88.0),
    (128.0, 92.0),
    (134.0, 100.0),
    (132.0, 122.0),
    (130.0, 150.0),
    (70.0, 150.0),
    (68.0, 122.0),
    (66.0, 100.0),
    (72.0, 92.0),
];
const ABDOMEN: Outline<8> = [
    (70.0, 150.0),
    (130.0, 150.0),
    (126.0, 180.0),
    (130.0, 202.0),
    (112.0, 206.0),
    (88.0, 206.0),
    (70.0, 202.0),
    (74.0, 180.0),
];
const LOWER_BACK: Outline<7> = [
    (70.0, 150.0),
    (130.0, 150.0),
    (126.0, 180.0),
    (130.0, 202.0),
    (100.0, 205.0),
    (70.0, 202.0),
    (74.0, 180.0),
];
const GENITAL: Outline<5> = [
    (88.0, 206.0),
    (112.0, 206.0),
    (108.0, 218.0),
    (100.0, 230.0),
    (92.0, 218.0),
];
const BUTTOCK: Outline<7> = [
    (70.0, 202.0),
    (100.0, 205.0),
    (100.0, 232.0),
    (98.5, 246.0),
    (86.0, 250.0),
    (67.5, 246.0),
    (67.0, 228.0),
];
const UPPER_ARM: Outline<8> = [
    (72.0, 92.0),
    (62.0, 93.0),
    (55.0, 100.0),
    (52.0, 120.0),
    (48.0, 174.0),
    (61.0, 177.0),
    (68.0, 122.0),
    (66.0, 100.0),
];
const FOREARM: Outline<6> = [
    (48.0, 174.0),
    (61.0, 177.0),
    (58.0, 210.0),
    (53.0, 248.0),
    (39.0, 246.0),
    (41.0, 210.0),
];
const HAND: Outline<8> = [
    (39.0, 246.0),
    (53.0, 248.0),
    (55.0, 264.0),
    (51.0, 282.0),
    (44.0, 290.0),
    (36.0, 284.0),
    (33.0, 268.0),
    (35.0, 254.0),
];
/// Groin to knee, seen from the front.
const THIGH: Outline<9> = [
    (70.0, 202.0),
    (88.0, 206.0),
    (92.0, 218.0),
    (100.0, 230.0),
    (97.0, 262.0),
    (94.0, 310.0),
    (75.0, 310.0),
    (68.0, 262.0),
    (67.0, 228.0),
];
/// Buttock fold to knee, seen from behind.
const BACK_OF_THIGH: Outline<7> = [
    (67.5, 246.0),
    (86.0, 250.0),
    (98.5, 246.0),
    (97.0, 262.0),
    (94.0, 310.0),
    (75.0, 310.0),
    (68.0, 262.0),
];
const LOWER_LEG: Outline<6> = [
    (75.0, 310.0),
    (94.0, 310.0),
    (93.0, 340.0),
    (91.0, 398.0),
    (80.0, 398.0),
    (73.0, 345.0),
];
/// The top of the foot, pointing forward and out.
const FOOT_TOP: Outline<7> = [
    (80.0, 398.0),
    (91.0, 398.0),
    (94.0, 414.0),
    (93.0, 426.0),
    (72.0, 428.0),
    (70.0, 420.0),
    (78.0, 410.0),
];
/// Heel and sole, seen from behind.
const SOLE: Outline<6> = [
    (80.0, 398.0),
    (91.0, 398.0),
    (93.0, 414.0),
    (91.0, 427.0),
    (81.0, 427.0),
    (78.0, 414.0),
];

const EAR_M: Outline<6> = mirror(EAR);
const UPPER_ARM_M: Outline<8> = mirror(UPPER_ARM);
const FOREARM_M: Outline<6> = mirror(FOREARM);
const HAND_M: Outline<8> = mirror(HAND);
const THIGH_M: Outline<9> = mirror(THIGH);
const BACK_OF_THIGH_M: Outline<7> = mirror(BACK_OF_THIGH);
const BUTTOCK_M: Outline<7> = mirror(BUTTOCK);
const LOWER_LEG_M: Outline<6> = mirror(LOWER_LEG);
const FOOT_TOP_M: Outline<7> = mirror(FOOT_TOP);
const SOLE_M: Outline<6> = mirror(SOLE);

const fn region(
    id: &'static str,
    name: &'static str,
    name_de: &'static str,
    side: BodySide,
    site: BodySite,
    outline: &'static [(f32, f32)],
) -> Region {
    Region {
        id,
        name,
        name_de,
        side,
        site,
        outline,
    }
}

use BodySide::{Back, Front};
use BodySite as S;
const ARM: BodySite = BodySite::UpperExtremity;
const LEG: BodySite = BodySite::LowerExtremity;

/// Both figures, front first. On the front the person's right is on the viewer's left; from
/// behind it is on the viewer's right. Front hands show the palms (acral skin), back-view
/// hands their backs; front feet their tops, back-view feet the heels and soles (acral).
#[rustfmt::skip]
pub const REGIONS: &[Region] = &[
    region("scalp-front",           "scalp",                   "Kopfhaut",                            Front, S::Scalp,   &SCALP_TOP),
    region("face",                  "face",                    "Gesicht",                             Front, S::Face,    &FACE),
    region("right-ear-front",       "right ear",               "rechtes Ohr",                         Front, S::Ear,     &EAR),
    region("left-ear-front",        "left ear",                "linkes Ohr",                          Front, S::Ear,     &EAR_M),
    region("neck-front",            "front of neck",           "Vorderseite des Halses",              Front, S::Neck,    &NECK),
    region("chest",                 "chest",                   "Brust",                               Front, S::Chest,   &UPPER_TRUNK),
    region("abdomen",               "abdomen",                 "Bauch",                               Front, S::Abdomen, &ABDOMEN),
    region("genital-area",          "genital area",            "Genitalbereich",                      Front, S::Genital, &GENITAL),
    region("right-upper-arm-front", "right upper arm",         "rechter Oberarm",                     Front, ARM,        &UPPER_ARM),
    region("left-upper-arm-front",  "left upper arm",          "linker Oberarm",                      Front, ARM,        &UPPER_ARM_M),
    region("right-forearm-front",   "right forearm",           "rechter Unterarm",                    Front, ARM,        &FOREARM),
    region("left-forearm-front",    "left forearm",            "linker Unterarm",                     Front, ARM,        &FOREARM_M),
    region("right-palm",            "right palm",              "rechte Handfläche",                   Front, S::Acral,   &HAND),
    region("left-palm",             "left palm",               "linke Handfläche",                    Front, S::Acral,   &HAND_M),
    region("right-thigh-front",     "right thigh",             "rechter Oberschenkel",                Front, LEG,        &THIGH),
    region("left-thigh-front",      "left thigh",              "linker Oberschenkel",                 Front, LEG,        &THIGH_M),
    region("right-shin",            "right shin",              "rechtes Schienbein",                  Front, LEG,        &LOWER_LEG),
    region("left-shin",             "left shin",               "linkes Schienbein",                   Front, LEG,        &LOWER_LEG_M),
    region("right-foot-top",        "top of right foot",       "rechter Fußrücken",                   Front, S::Foot,    &FOOT_TOP),
    region("left-foot-top",         "top of left foot",        "linker Fußrücken",                    Front, S::Foot,    &FOOT_TOP_M),
    region("scalp-back",            "back of head",            "Hinterkopf",                          Back,  S::Scalp,   &HEAD_BACK),
    region("left-ear-back",         "back of left ear",        "Rückseite des linken Ohrs",           Back,  S::Ear,     &EAR),
    region("right-ear-back",        "back of right ear",       "Rückseite des rechten Ohrs",          Back,  S::Ear,     &EAR_M),
    region("neck-back",             "back of neck",            "Nacken",                              Back,  S::Neck,    &NECK),
    region("upper-back",            "upper back",              "oberer Rücken",                       Back,  S::Back,    &UPPER_TRUNK),
    region("lower-back",            "lower back",              "unterer Rücken",                      Back,  S::Back,    &LOWER_BACK),
    region("left-buttock",          "left buttock",            "linke Gesäßhälfte",                   Back,  S::Trunk,   &BUTTOCK),
    region("right-buttock",         "right buttock",           "rechte Gesäßhälfte",                  Back,  S::Trunk,   &BUTTOCK_M),
    region("left-upper-arm-back",   "back of left upper arm",  "Rückseite des linken Oberarms",       Back,  ARM,        &UPPER_ARM),
    region("right-upper-arm-back",  "back of right upper arm", "Rückseite des rechten Oberarms",      Back,  ARM,        &UPPER_ARM_M),
    region("left-forearm-back",     "back of left forearm",    "Rückseite des linken Unterarms",      Back,  ARM,        &FOREARM),
    region("right-forearm-back",    "back of right forearm",   "Rückseite des rechten Unterarms",     Back,  ARM,        &FOREARM_M),
    region("left-hand-back",        "back of left hand",       "linker Handrücken",                   Back,  S::Hand,    &HAND),
    region("right-hand-back",       "back of right hand",      "rechter Handrücken",                  Back,  S::Hand,    &HAND_M),
    region("left-thigh-back",       "back of left thigh",      "Rückseite des linken Oberschenkels",  Back,  LEG,        &BACK_OF_THIGH),
    region("right-thigh-back",      "back of right thigh",     "Rückseite des rechten Oberschenkels", Back,  LEG,        &BACK_OF_THIGH_M),
    region("left-calf",             "left calf",               "linke Wade",                          Back,  LEG,        &LOWER_LEG),
    region("right-calf",            "right calf",              "rechte Wade",                         Back,  LEG,        &LOWER_LEG_M),
    region("left-sole",             "sole of left foot",       "linke Fußsohle",                      Back,  S::Acral,   &SOLE),
    region("right-sole",            "sole of right foot",      "rechte Fußsohle",                     Back,  S::Acral,   &SOLE_M),
];
