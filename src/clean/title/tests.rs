//! Title choice on whole texts, as copied from a browser.

use crate::clean::{clean, template::SiteTemplate};
use crate::sources::SourceKind;

fn title_of(text: &str) -> String {
    clean(text, SourceKind::Text, None, 1, &SiteTemplate::default()).title
}

const BODY: &str = "Retailers cut the price of the PlayStation 5 controller to $39.99 on Monday, a week before the sales usually begin, and Apple's earbuds fell to $129.\n\n\
    Analysts said the early discounts on the controller and the earbuds were a sign that stores expected weaker spending this year than last.\n";

#[test]
fn a_headline_above_its_shorter_standfirst_is_the_title() {
    // Product names glue capitals inside words ("DualShock", "AirPods"); that is not a
    // run of menu links, and the line above the standfirst is the headline.
    let text = format!(
        "Deals\nReviews\nEarly Sales: DualShock Controller Drops to $39.99, AirPods Fall to $129 Before the Rush\n\
         The Discounts Start a Week Early This Year\nBy Dana Whitfield\nPosted: 18 Nov 2025 8:11 pm\n{BODY}"
    );
    assert_eq!(
        title_of(&text),
        "Early Sales: DualShock Controller Drops to $39.99, AirPods Fall to $129 Before the Rush"
    );
}

#[test]
fn a_standfirst_longer_than_the_headline_stays_below_it() {
    let text = format!(
        "Deals\nEarly Sales Hit Controllers and Earbuds\n\
         Stores are cutting prices on the PlayStation controller and Apple's earbuds a week before the usual sales begin\n\
         By Dana Whitfield\nPosted: 18 Nov 2025 8:11 pm\n{BODY}"
    );
    assert_eq!(title_of(&text), "Early Sales Hit Controllers and Earbuds");
}
