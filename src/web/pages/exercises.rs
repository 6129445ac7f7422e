//! The exercise library: `/exercises` (filter by category and equipment)
//! and `/exercises/{slug}` (one exercise, or one move from the avoid-list).

use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::supports::{self, SupportsSidebar};
use crate::content::Content;
use crate::error::AppError;
use crate::routine::catalog::{AvoidedMove, Entry, Exercise};
use crate::routine::{Category, Equipment, Tag, answers::pairs};
use crate::supports::RecommendContext;
use crate::web::cache::Shelf;
use crate::web::{AppState, Layout, Nav, render};

/// A guide linked from an exercise page.
#[derive(Debug, Clone)]
pub struct GuideLink {
    pub url: String,
    pub title: String,
}

/// An option of a filter `<select>`.
struct FilterOption {
    value: &'static str,
    label: &'static str,
    selected: bool,
}

/// An exercise in the list.
struct Card<'a> {
    exercise: &'a Exercise,
    picture: String,
    intensity: &'static str,
}

/// The exercises of one category, for the list.
struct Group<'a> {
    category: Category,
    cards: Vec<Card<'a>>,
}

#[derive(Template)]
#[template(path = "exercises/list.html")]
struct ListPage<'a> {
    layout: Layout,
    categories: Vec<FilterOption>,
    equipment: Vec<FilterOption>,
    filtered: bool,
    shown: usize,
    groups: Vec<Group<'a>>,
    avoided: Vec<&'a AvoidedMove>,
}

#[derive(Template)]
#[template(path = "exercises/detail.html")]
struct ExercisePage<'a> {
    layout: Layout,
    exercise: &'a Exercise,
    picture: String,
    intensity: &'static str,
    movement: String,
    weeks: Vec<(usize, String)>,
    /// Guides about this exercise (`guides` in the catalog, checked at load).
    related_guides: Vec<GuideLink>,
    supports_sidebar: SupportsSidebar,
}

#[derive(Template)]
#[template(path = "exercises/avoided.html")]
struct AvoidedPage<'a> {
    layout: Layout,
    avoided: &'a AvoidedMove,
    instead: Vec<&'a Exercise>,
}

/// Intensity in words.
pub fn intensity_text(level: u8) -> &'static str {
    match level {
        1 => "Gentle",
        2 => "Moderate",
        _ => "Harder",
    }
}

/// What the filter asked for; `None` means "all".
struct Filter {
    category: Option<Category>,
    /// `Some(None)`: needs no equipment; `Some(Some(e))`: uses `e`.
    equipment: Option<Option<Equipment>>,
}

fn read_filter(query: &str) -> Result<Filter, AppError> {
    let mut filter = Filter {
        category: None,
        equipment: None,
    };
    for (name, value) in pairs(query) {
        let value = value.trim();
        match name.as_str() {
            "category" if value.is_empty() || value == "all" => filter.category = None,
            "category" => {
                filter.category = Some(Category::parse(value).ok_or_else(|| {
                    AppError::BadRequest(
                        "There is no exercise group with that name. Please choose one from the list."
                            .to_owned(),
                    )
                })?);
            }
            "equipment" if value.is_empty() || value == "any" => filter.equipment = None,
            "equipment" if value == "none" => filter.equipment = Some(None),
            "equipment" => {
                filter.equipment = Some(Some(Equipment::parse(value).ok_or_else(|| {
                    AppError::BadRequest(
                        "There is no equipment with that name. Please choose from the list."
                            .to_owned(),
                    )
                })?));
            }
            _ => {}
        }
    }
    Ok(filter)
}

/// `GET /exercises`: every exercise, optionally filtered by `category`
/// and `equipment` (`none` = needs nothing), plus the avoid-list.
pub async fn list(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    // Kept per filter (a pure function of the content and the query).
    super::query_page(&req, &state, "exercises", list_page).await
}

fn list_page(state: &AppState, content: &Content, query: &str) -> Result<HttpResponse, AppError> {
    let filter = read_filter(query)?;
    let catalog = &content.exercises;
    let keep = |e: &Exercise| {
        filter.category.is_none_or(|c| e.category == c)
            && match filter.equipment {
                None => true,
                Some(None) => e.equipment.is_empty() && e.equipment_any.is_empty(),
                Some(Some(item)) => e.uses(item),
            }
    };
    let groups: Vec<Group<'_>> = Category::ALL
        .iter()
        .map(|category| Group {
            category: *category,
            cards: catalog
                .exercises()
                .iter()
                .filter(|e| e.category == *category && keep(e))
                .map(|e| Card {
                    exercise: e,
                    picture: state.assets.thumb_url(&e.illustration.path),
                    intensity: intensity_text(e.intensity),
                })
                .collect(),
        })
        .filter(|g| !g.cards.is_empty())
        .collect();
    let shown = groups.iter().map(|g| g.cards.len()).sum();
    let avoided = catalog
        .avoided()
        .iter()
        .filter(|a| filter.category.is_none_or(|c| a.category == c))
        .collect();
    let categories = std::iter::once(FilterOption {
        value: "all",
        label: "All kinds",
        selected: filter.category.is_none(),
    })
    .chain(Category::ALL.iter().map(|c| FilterOption {
        value: c.as_str(),
        label: c.label(),
        selected: filter.category == Some(*c),
    }))
    .collect();
    let equipment = [
        FilterOption {
            value: "any",
            label: "Any equipment",
            selected: filter.equipment.is_none(),
        },
        FilterOption {
            value: "none",
            label: "No equipment needed",
            selected: filter.equipment == Some(None),
        },
    ]
    .into_iter()
    .chain(Equipment::ALL.iter().map(|e| FilterOption {
        value: e.as_str(),
        label: e.label(),
        selected: filter.equipment == Some(Some(*e)),
    }))
    .collect();
    let filtered = filter.category.is_some() || filter.equipment.is_some();
    let mut layout = Layout::new(
        state,
        content,
        "Exercise library",
        "Every exercise the routine builder uses, with pictures, steps, a four-week dosage and what to watch out for. Filter by kind and equipment.",
        "/exercises",
        Nav::Routine,
    );
    if filtered {
        // Filtered views are variations of the one list page.
        layout = layout.noindex();
    }
    render(&ListPage {
        layout,
        categories,
        equipment,
        filtered,
        shown,
        groups,
        avoided,
    })
}

/// `GET /exercises/{slug}`: one exercise (picture, steps, dosage, cautions)
/// or one avoided move (why, and what to do instead). Unknown slug → 404.
pub async fn show(
    req: HttpRequest,
    state: web::Data<AppState>,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    // Kept once rendered: only existing exercises give a 200 to keep.
    let content = state.content.current();
    let key = format!("/exercises/{slug}");
    let page = async { show_page(&state, &content, &slug) };
    state
        .pages
        .cached(&req, &content, Shelf::Content, key, page)
        .await
}

fn show_page(state: &AppState, content: &Content, slug: &str) -> Result<HttpResponse, AppError> {
    let catalog = &content.exercises;
    let path = format!("/exercises/{slug}");
    match catalog.entry(slug) {
        Some(Entry::Exercise(exercise)) => {
            let movement = if exercise.tags.is_empty() {
                "Keeps your back in its natural position".to_owned()
            } else {
                exercise
                    .tags
                    .iter()
                    .map(|t: &Tag| t.label())
                    .collect::<Vec<_>>()
                    .join("; ")
            };
            let weeks = exercise
                .dosage
                .weeks
                .iter()
                .enumerate()
                .map(|(i, dose)| (i + 1, dose.text(exercise.dosage.per_side)))
                .collect();
            render(&ExercisePage {
                layout: Layout::new(
                    state,
                    content,
                    &exercise.name,
                    &exercise.summary,
                    &path,
                    Nav::Routine,
                ),
                exercise,
                picture: state.assets.url(&exercise.illustration.path),
                intensity: intensity_text(exercise.intensity),
                movement,
                weeks,
                related_guides: exercise
                    .guides
                    .iter()
                    .filter_map(|slug| content.guides.get(slug))
                    .map(|guide| GuideLink {
                        url: guide.url(),
                        title: guide.title.clone(),
                    })
                    .collect(),
                supports_sidebar: supports::sidebar(
                    state,
                    content,
                    &RecommendContext::for_exercise(
                        &exercise
                            .equipment
                            .iter()
                            .chain(&exercise.equipment_any)
                            .map(|e| e.as_str())
                            .collect::<Vec<_>>(),
                    ),
                ),
            })
        }
        Some(Entry::Avoided(avoided)) => render(&AvoidedPage {
            layout: Layout::new(
                state,
                content,
                &avoided.name,
                &avoided.summary,
                &path,
                Nav::Routine,
            ),
            avoided,
            instead: avoided
                .instead
                .iter()
                .filter_map(|s| catalog.exercise(s))
                .collect(),
        }),
        None => Err(AppError::NotFound(
            "There is no exercise at this address. The exercise library lists every one we have."
                .to_owned(),
        )),
    }
}
