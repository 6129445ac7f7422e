//! The pages shown instead of a plan: the red-flag page (a warning sign),
//! the adults-only page, and the ease-it-first page (pain of 9 or 10).

use actix_web::HttpResponse;
use askama::Template;

use crate::content::{Service, SignList};
use crate::error::AppError;
use crate::routine::{Level, Referral, SignId, Urgency};
use crate::web::{AppState, Layout, Nav, render};

#[derive(Template)]
#[template(path = "routine/red_flag.html")]
struct RedFlagPage {
    layout: Layout,
    emergency: bool,
    one_sign: bool,
    /// What to do: the service for the most urgent sign given.
    action: String,
    phone: Option<String>,
    /// The signs given, by level, with their explanations.
    told: Vec<SignList>,
    /// Urgent signs only: the form again with "a doctor has checked" ticked.
    recheck_url: Option<String>,
    /// Urgent signs only: the emergency signs to watch for.
    watch: Option<SignList>,
}

/// The page for answers that need a doctor first: which signs, how
/// urgently, and what to do, all from the one table and `site.toml`.
pub(super) fn red_flag_page(
    state: &AppState,
    content: &crate::content::Content,
    referral: &Referral,
    raw: &[(String, String)],
) -> Result<HttpResponse, AppError> {
    let emergency = referral.urgency == Urgency::Emergency;
    let title = if emergency {
        "Get medical help now"
    } else {
        "Get medical advice today"
    };
    let mut layout = Layout::new(
        state,
        content,
        title,
        "One of your answers is a warning sign that a doctor needs to check first.",
        "/routine/plan",
        Nav::Routine,
    )
    .noindex();
    // The banner invites people to build a routine: not on this page.
    layout.banner = None;
    let signs = &content.signs;
    let services = &content.site.services;
    let given = |level: Level| -> Option<SignList> {
        let ids: Vec<SignId> = referral
            .flags
            .iter()
            .filter(|f| signs.level_of(**f) == level)
            .map(|f| SignId::Flag(*f))
            .collect();
        (!ids.is_empty()).then(|| SignList::new(signs, services, level, Some(&ids), true))
    };
    let told: Vec<SignList> = [Level::Emergency, Level::Urgent]
        .into_iter()
        .filter_map(given)
        .collect();
    // With urgent signs only: the way back for someone a doctor has
    // already seen, and the emergency signs to watch for meanwhile.
    let child = raw
        .iter()
        .any(|(name, value)| name == "age" && value.trim() == "under-16");
    let (recheck_url, watch) = if emergency {
        (None, None)
    } else if child {
        // The site makes no plan under 16, so it offers none here.
        (
            None,
            Some(SignList::new(
                signs,
                services,
                Level::Emergency,
                None,
                false,
            )),
        )
    } else {
        let mut query = form_urlencoded::Serializer::new(String::new());
        for (name, value) in raw {
            if name != "assessed" {
                query.append_pair(name, value);
            }
        }
        query.append_pair("assessed", "yes");
        (
            Some(format!("/routine?{}#assessed", query.finish())),
            Some(SignList::new(
                signs,
                services,
                Level::Emergency,
                None,
                false,
            )),
        )
    };
    let service = services.for_level(referral.urgency.level());
    render(&RedFlagPage {
        layout,
        emergency,
        one_sign: referral.flags.len() == 1,
        action: service.action.clone(),
        phone: service.phone.clone(),
        told,
        recheck_url,
        watch,
    })
}

#[derive(Template)]
#[template(path = "routine/children.html")]
struct ChildrenPage {
    layout: Layout,
    emergency: SignList,
}

/// Under 16: this site is for adults; where children should get help.
pub(super) fn children_page(
    state: &AppState,
    content: &crate::content::Content,
) -> Result<HttpResponse, AppError> {
    let mut layout = Layout::new(
        state,
        content,
        "This site is for adults",
        "The routine builder makes plans for adults. Where children and young people with back pain can get help.",
        "/routine/plan",
        Nav::Routine,
    )
    .noindex();
    layout.banner = None;
    render(&ChildrenPage {
        layout,
        emergency: SignList::new(
            &content.signs,
            &content.site.services,
            Level::Emergency,
            None,
            false,
        ),
    })
}

#[derive(Template)]
#[template(path = "routine/ease_first.html")]
struct EaseFirstPage {
    layout: Layout,
    pain: u8,
    pregnant: bool,
    urgent: Service,
    emergency: SignList,
}

/// Pain of 9 or 10: no routine yet; how to ease severe pain first.
pub(super) fn ease_first_page(
    state: &AppState,
    content: &crate::content::Content,
    pain: u8,
    pregnant: bool,
) -> Result<HttpResponse, AppError> {
    let mut layout = Layout::new(
        state,
        content,
        "Ease the pain first",
        "Your pain is very bad right now. How to ease it before you start a routine, and when to call for help.",
        "/routine/plan",
        Nav::Routine,
    )
    .noindex();
    layout.banner = None;
    render(&EaseFirstPage {
        layout,
        pain,
        pregnant,
        urgent: content.site.services.urgent.clone(),
        emergency: SignList::new(
            &content.signs,
            &content.site.services,
            Level::Emergency,
            None,
            false,
        ),
    })
}
